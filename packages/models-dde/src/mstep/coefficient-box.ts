import type { DdeFamily } from '../dde-state.js';

/** Bounds of one child's coefficients: the intercept's and every slope's. */
export interface CoefficientBox {
  readonly intercept: readonly [number, number];
  readonly slope: readonly [number, number];
}

/**
 * The box of the M-step for a child of layer `layer` (1-based) in a model of `depth` layers, as in the reference
 * code (ALGORITHMS.md §2.4 step 3, §2.9 item 4):
 * - Normal observed columns: [−10, 10] for every coefficient;
 * - Bernoulli/Poisson observed columns, and the latent children of layer 2 in a two-layer model (the two-layer
 *   SAEM scripts use the same box for B1 and B2): intercept [−5, 5], slopes [−2.5, 5];
 * - latent children of layers ≥ 2 in deeper models (D ≥ 3, the deep scripts): [−5, 10] for every coefficient.
 * With `nonNegative`, slopes of Normal columns and of every layer ≥ 2 have lower bound 0.
 */
export function coefficientBox(child: DdeFamily | 'latent', layer: number, depth: number, nonNegative: boolean): CoefficientBox {
  const floor = (lo: number, constrained: boolean): number => (nonNegative && constrained ? 0 : lo);
  if (child === 'normal') return { intercept: [-10, 10], slope: [floor(-10, true), 10] };
  if (layer >= 2 && depth >= 3) return { intercept: [-5, 10], slope: [floor(-5, true), 10] };
  return { intercept: [-5, 5], slope: [floor(-2.5, layer >= 2), 5] };
}
