import type { DdeState } from '../dde-state.js';

/** The node id (and label) of latent k (0-based) of layer d (1-based): `A<d>_<k+1>`, e.g. `A1_3`. */
export const latentId = (d: number, k: number): string => `A${d}_${k + 1}`;

/** The node id of observed column j: `x:<name>`, so that a column called `A1_1` cannot collide with a latent. */
export const observedId = (state: Pick<DdeState, 'columns'>, j: number): string => `x:${state.columns[j]}`;

/**
 * The labels of the children of layer d (1-based): the observed column names for d = 1, the latents of layer d − 1
 * otherwise, in the order of the rows of `layers[d − 1].coefficients`.
 */
export function childLabels(state: Pick<DdeState, 'columns' | 'layers'>, d: number): string[] {
  const rows = state.layers[d - 1].coefficients.length;
  return d === 1 ? [...state.columns] : Array.from({ length: rows }, (_, c) => latentId(d - 1, c));
}
