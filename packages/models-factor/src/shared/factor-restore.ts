import { savedStateReader, type SavedModel } from '@latentkit/registry';
import type { FactorFitInfo, FactorState } from './factor-fitted.js';

/** Reads the checked parts of a saved factor model's state; `fail` throws a one-line error naming the file kind. */
export interface StateReader {
  readonly d: number;
  readonly k: number;
  readonly state: Record<string, unknown>;
  fail(what: string): never;
  numbers(v: unknown, len: number, what: string): number[];
  /** `len` numbers, all > 0. */
  positive(v: unknown, len: number, what: string): number[];
}

/**
 * Rebuild the shared part of a saved factor model (`toJSON()` output): dimensions, mean (D), loadings (D×K) and
 * rotation (K×K), each shape checked against K and D, plus the fit bookkeeping; `noise(reader)` reads the model-specific noise variances (D numbers, all positive).
 */
export function loadFactorState(key: string, saved: SavedModel, noise: (reader: StateReader) => Float64Array): { state: FactorState; info: FactorFitInfo } {
  const { fail, numbers, matrixRows, positive } = savedStateReader(key);
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const d = s.d as number;
  const k = s.k as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) fail('state.k and state.d must be positive integers');
  if (saved.data?.nCols !== d) fail(`data.nCols (${saved.data?.nCols}) does not match state.d (${d})`);
  const mean = Float64Array.from(numbers(s.mean, d, 'state.mean'));
  const loadings = Float64Array.from(matrixRows(s.loadings, d, k, 'state.loadings'));
  const rotation = Float64Array.from(matrixRows(s.rotation, k, k, 'state.rotation'));
  const psi = noise({ d, k, state: s, fail, numbers, positive });
  const bad = psi.findIndex((v) => !(v > 0));
  if (bad >= 0) fail(`noise variance ${bad + 1} of ${d} is ${psi[bad]}; expected a positive number`);
  return {
    state: { d, k, mean, loadings, noise: psi, rotation },
    info: {
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
  };
}
