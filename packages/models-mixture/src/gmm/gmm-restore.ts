import type { RestoreInput } from '@latentkit/registry';
import { FittedGmm } from './gmm-fitted.js';
import type { GmmParams } from './gmm-params.js';

/**
 * Rebuild a fitted GMM from a saved model (`restore` of `mixture/gmm`; files of format 1 and 2 hold the same state),
 * checking every field of the state: K, D and the data columns agree; the weights are
 * K probabilities summing to 1 (within `WEIGHT_SUM_TOLERANCE`); the means are K×D; each of the K covariances is D×D,
 * symmetric and positive definite, and has the structure of the covariance type (diagonal for `diag`, a multiple of I
 * for `spherical`, the same matrix for every component for `tied`). A violation is one line naming the field.
 */
export function restoreGmm({ params, state, info, reader: r }: RestoreInput<GmmParams>): FittedGmm {
  const s = state as Record<string, unknown>;
  if (!s || typeof s !== 'object') r.fail('state is missing');
  const k = s.k as number;
  const d = s.d as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) r.fail('state.k and state.d must be positive integers');
  if (info.data.nCols !== d) r.fail(`data.nCols (${info.data.nCols}) does not match state.d (${d})`);
  const weights = Float64Array.from(r.probabilities(s.weights, k, 'state.weights'));
  const means = Float64Array.from(r.matrixRows(s.means, k, d, 'state.means'));
  if (!Array.isArray(s.covariances) || s.covariances.length !== k) r.fail(`state.covariances must have ${k} matrices (K = ${k})`);
  const covariances = Float64Array.from((s.covariances as unknown[]).flatMap((m, c) => r.matrixRows(m, d, d, `state.covariances[${c}]`)));
  const type = params.covarianceType ?? 'full';
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
  return new FittedGmm(params, { k, d, covarianceType: type, weights, means, covariances }, info);
}
