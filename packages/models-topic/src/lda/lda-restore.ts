import { validateParams, type SavedModel } from '@latentkit/registry';
import { FittedLda, LDA_KEY } from './lda-fitted.js';
import { ldaDefaults, ldaParamSpecs } from './lda-params.js';

const fail = (what: string): never => {
  throw new Error(`${LDA_KEY} model file: ${what}`);
};

/** Rebuild a fitted LDA from `toJSON()` output, checking every shape. */
export function loadLda(saved: SavedModel): FittedLda {
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const k = s.k as number;
  const v = s.v as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(v) || v < 1) fail('state.k and state.v must be positive integers');
  if (saved.data?.nCols !== v || saved.data.columns?.length !== v) fail(`data.nCols and data.columns must match state.v (${v})`);
  const params = validateParams(LDA_KEY, ldaParamSpecs, ldaDefaults, saved.params as Record<string, unknown>);
  if (params.nComponents !== k) fail(`params.nComponents (${params.nComponents}) does not match state.k (${k})`);
  if (!Array.isArray(s.components) || s.components.length !== k) fail(`state.components must have ${k} rows (K×V = ${k}×${v})`);
  const lambda = new Float64Array(k * v);
  (s.components as unknown[]).forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== v) fail(`state.components[${t}] must hold ${v} numbers`);
    (row as unknown[]).forEach((x, w) => {
      if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))
        fail(`state.components[${t}][${w}] is ${JSON.stringify(x)}; expected a positive number (topic-word weights λ are > 0)`);
      lambda[t * v + w] = x as number;
    });
  });
  const nBatchIter = s.nBatchIter as number;
  const meanDocLength = s.meanDocLength as number;
  if (!Number.isInteger(nBatchIter) || nBatchIter < 1) fail('state.nBatchIter must be a positive integer');
  if (typeof meanDocLength !== 'number' || !(meanDocLength >= 0)) fail('state.meanDocLength must be a non-negative number');
  return new FittedLda(params, lambda, nBatchIter, {
    engine: saved.fit.engine,
    seed: saved.fit.seed,
    iterations: saved.fit.iterations,
    converged: saved.fit.converged,
    seconds: saved.fit.seconds,
    trace: saved.fit.trace,
    columns: saved.data.columns,
    nRows: saved.data.nRows,
    meanDocLength,
    ...(saved.data.source && { source: saved.data.source }),
  });
}
