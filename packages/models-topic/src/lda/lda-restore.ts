import type { RestoreInput } from '@latentkit/registry';
import { FittedLda, ldaFittedState } from './lda-fitted.js';
import type { LdaParams } from './lda-params.js';

/**
 * Rebuild a fitted LDA from a saved file, checking every shape. Files written before `docsSeen` was saved (format 1)
 * count the saved data's rows as the documents seen.
 */
export function restoreLda({ params, state, info, reader }: RestoreInput<LdaParams>): FittedLda {
  const { fail } = reader;
  const s = state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const k = s.k as number;
  const v = s.v as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(v) || v < 1) fail('state.k and state.v must be positive integers');
  if (info.data?.nCols !== v || info.data.columns?.length !== v) fail(`data.nCols and data.columns must match state.v (${v})`);
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
  const docs = s.docsSeen ?? info.data.nRows;
  if (!Number.isInteger(nBatchIter) || nBatchIter < 1) fail('state.nBatchIter must be a positive integer');
  if (typeof meanDocLength !== 'number' || !(meanDocLength >= 0)) fail('state.meanDocLength must be a non-negative number');
  if (!Number.isInteger(docs) || (docs as number) < 0) fail('state.docsSeen must be a non-negative integer');
  return new FittedLda(params, ldaFittedState(params, lambda, v, nBatchIter, { docs: docs as number, meanDocLength }), info);
}
