import { savedStateReader, validateParams, type SavedModel } from '@latentkit/registry';
import { FittedGmm, GMM_KEY } from './gmm-fitted.js';
import { gmmDefaults, gmmParamSpecs } from './gmm-params.js';

/**
 * Rebuild a fitted GMM from `toJSON()` output, checking every field: K, D and the data columns agree; the weights are
 * K probabilities summing to 1 (within `WEIGHT_SUM_TOLERANCE`); the means are K×D; each of the K covariances is D×D,
 * symmetric and positive definite, and has the structure of the covariance type (diagonal for `diag`, a multiple of I
 * for `spherical`, the same matrix for every component for `tied`). A violation is one line naming the field.
 */
export function loadGmm(saved: SavedModel): FittedGmm {
  const r = savedStateReader(GMM_KEY);
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') r.fail('state is missing');
  const k = s.k as number;
  const d = s.d as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) r.fail('state.k and state.d must be positive integers');
  if (saved.data?.nCols !== d) r.fail(`data.nCols (${saved.data?.nCols}) does not match state.d (${d})`);
  const weights = Float64Array.from(r.probabilities(s.weights, k, 'state.weights'));
  const means = Float64Array.from(r.matrixRows(s.means, k, d, 'state.means'));
  if (!Array.isArray(s.covariances) || s.covariances.length !== k) r.fail(`state.covariances must have ${k} matrices (K = ${k})`);
  const covariances = Float64Array.from((s.covariances as unknown[]).flatMap((m, c) => r.matrixRows(m, d, d, `state.covariances[${c}]`)));
  const type = (saved.params as { covarianceType?: unknown } | undefined)?.covarianceType ?? 'full';
  for (let c = 0; c < k; c++) {
    const what = `state.covariances[${c}]`;
    const cov = covariances.subarray(c * d * d, (c + 1) * d * d);
    r.spd(cov, d, what);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const x = cov[i * d + j];
        if ((type === 'diag' || type === 'spherical') && i !== j && x !== 0) r.fail(`${what}[${i}][${j}] is ${x}; expected 0 for covarianceType '${type}'`);
        if (type === 'spherical' && i === j && x !== cov[0])
          r.fail(`${what}[${i}][${i}] is ${x}; expected ${cov[0]} (one variance) for covarianceType 'spherical'`);
        if (type === 'tied' && x !== covariances[i * d + j])
          r.fail(`${what}[${i}][${j}] is ${x}; expected ${covariances[i * d + j]} (one shared matrix) for covarianceType 'tied'`);
      }
    }
  }
  const params = validateParams(GMM_KEY, gmmParamSpecs, gmmDefaults, saved.params as Record<string, unknown>);
  return new FittedGmm(
    params,
    { k, d, covarianceType: params.covarianceType ?? 'full', weights, means, covariances },
    {
      engine: saved.fit.engine,
      seed: saved.fit.seed,
      iterations: saved.fit.iterations,
      converged: saved.fit.converged,
      seconds: saved.fit.seconds,
      trace: saved.fit.trace,
      columns: saved.data.columns,
      nRows: saved.data.nRows,
      ...(saved.data.source && { source: saved.data.source }),
    },
  );
}
