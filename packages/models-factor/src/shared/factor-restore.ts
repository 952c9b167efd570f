import type { RestoreInput, SavedStateReader } from '@latentkit/registry';
import type { FactorState } from './factor-fitted.js';

/** The checked dimensions and raw state of a saved factor model, for reading its model-specific noise variances. */
export interface NoiseInput {
  readonly d: number;
  readonly k: number;
  readonly state: Record<string, unknown>;
  readonly reader: SavedStateReader;
}

/**
 * Read the state of a saved factor model (its `stateJSON()`): dimensions, mean (D), loadings (D×K) and rotation
 * (K×K), each shape checked against K, D and the saved data's columns; `noise` reads the model-specific noise
 * variances (D numbers), which must all be positive.
 */
export function restoreFactorState(saved: RestoreInput<unknown>, noise: (input: NoiseInput) => Float64Array): FactorState {
  const { reader, info } = saved;
  const { fail, numbers, matrixRows } = reader;
  const s = saved.state as Record<string, unknown>;
  if (!s || typeof s !== 'object') fail('state is missing');
  const d = s.d as number;
  const k = s.k as number;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) fail('state.k and state.d must be positive integers');
  if (info.data?.nCols !== d) fail(`data.nCols (${info.data?.nCols}) does not match state.d (${d})`);
  const mean = Float64Array.from(numbers(s.mean, d, 'state.mean'));
  const loadings = Float64Array.from(matrixRows(s.loadings, d, k, 'state.loadings'));
  const rotation = Float64Array.from(matrixRows(s.rotation, k, k, 'state.rotation'));
  const psi = noise({ d, k, state: s, reader });
  const bad = psi.findIndex((v) => !(v > 0));
  if (bad >= 0) fail(`noise variance ${bad + 1} of ${d} is ${psi[bad]}; expected a positive number`);
  return { d, k, mean, loadings, noise: psi, rotation };
}
