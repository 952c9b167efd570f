import { validateParams, type SavedModel } from '@latentkit/registry';
import { FittedGmm, GMM_KEY } from './gmm-fitted.js';
import { gmmDefaults, gmmParamSpecs } from './gmm-params.js';

const fail = (what: string): never => {
  throw new Error(`mixture/gmm model file: ${what}`);
};

function numbers(v: unknown, len: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) fail(`${what} must be ${len} finite numbers`);
  return v as number[];
}

/** Rebuild a fitted GMM from `toJSON()` output, checking every shape. */
export function loadGmm(saved: SavedModel): FittedGmm {
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const k = s.k as number;
  const d = s.d as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) fail('state.k and state.d must be positive integers');
  if (saved.data?.nCols !== d) fail(`data.nCols (${saved.data?.nCols}) does not match state.d (${d})`);
  const weights = Float64Array.from(numbers(s.weights, k, 'state.weights'));
  if (!Array.isArray(s.means) || s.means.length !== k) fail(`state.means must have ${k} rows`);
  const means = Float64Array.from((s.means as unknown[]).flatMap((row, i) => numbers(row, d, `state.means[${i}]`)));
  if (!Array.isArray(s.covariances) || s.covariances.length !== k) fail(`state.covariances must have ${k} matrices`);
  const covariances = Float64Array.from(
    (s.covariances as unknown[]).flatMap((m, c) => {
      if (!Array.isArray(m) || m.length !== d) fail(`state.covariances[${c}] must be ${d}×${d}`);
      return (m as unknown[]).flatMap((row, i) => numbers(row, d, `state.covariances[${c}][${i}]`));
    }),
  );
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
