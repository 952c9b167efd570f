import type { Dataset } from '@latentkit/core';
import type { DdeParams } from './dde-params.js';

/**
 * The default stopping tolerance of the Gibbs sampler: SAEM stops when the root-mean-square change per parameter
 * between consecutive iterations is at most this (see `saem/dde-change.ts`), on the engine's `patience`
 * consecutive iterations after its `minIter`.
 */
export const GIBBS_TOL = 5e-3;

/**
 * The reference code's rule for `sampler: 'reference-jacobi'`: ‖Δθ‖_F ≤ K_D/2, expressed as the change
 * ‖Δθ‖_F / K_D ≤ 0.5 so that it needs no width before `layers: 'auto'` is resolved.
 */
export const REFERENCE_TOL = 0.5;

/**
 * The TLP penalty and threshold of the two-layer simulations (ALGORITHMS.md §2.6, §9.2), for N rows:
 * λ = N^{1/4} and τ = 3·N^{−0.3} on every layer.
 */
export const defaultPenalty = (
  n: number,
): {
  /** λ = N^{1/4}, the weight of the TLP (truncated Lasso) penalty. */
  lambda: number;
  /** τ = 3·N^{−0.3}, the truncation threshold of the penalty. */
  tau: number;
} => ({ lambda: n ** 0.25, tau: 3 * n ** -0.3 });

/**
 * Data-dependent defaults of `dde/dde`, resolved at fit time and recorded in the model file: `lambda: 'auto'` and
 * `tau: 'auto'` become one value for every layer from the number of rows N ({@link defaultPenalty}); `tol: null`
 * becomes {@link GIBBS_TOL} for the Gibbs sampler and {@link REFERENCE_TOL} for the reference one. `layers: 'auto'`
 * stays: the spectral-gap selection runs in the fit, and the model file's state records the chosen widths and ratios.
 */
export function resolveDdeParams(params: DdeParams, data: Dataset): DdeParams {
  const { lambda, tau } = defaultPenalty(data.nRows);
  return {
    ...params,
    lambda: params.lambda === 'auto' ? [lambda] : params.lambda,
    tau: params.tau === 'auto' ? [tau] : params.tau,
    tol: params.tol ?? (params.sampler === 'gibbs' ? GIBBS_TOL : REFERENCE_TOL),
  };
}

/** The value of a per-layer parameter for layer d (1-based): its d-th entry, or its only entry. */
export function perLayer(values: readonly number[], d: number, name: string): number {
  if (values.length === 1) return values[0];
  if (d > values.length) throw new Error(`dde/dde: parameter ${name} has ${values.length} values, expected one per layer (at least ${d}) or one for all`);
  return values[d - 1];
}
