import type { DdeData } from '../dde-data.js';
import type { DdeLayer } from '../dde-state.js';
import type { LayerInput } from './double-svd.js';
import { initLayer, type LayerInit, type SpectralVariant } from './layer-init.js';
import { latentMeans } from './refit-layer.js';
import { checkWidths, confirmatorySupport, familyLink, layerThreshold, REAL_DATA_VARIMAX_MAX_ITER, SIMULATION_VARIMAX_MAX_ITER } from './spectral-options.js';

/** Options of {@link spectralInit}. */
export interface SpectralInitOptions {
  /** Clipping ε before the inverse link (ALGORITHMS.md §2.2 step 2). */
  readonly epsilon: number;
  /** A fixed G^(1) (J × K_1, 0/1): layer 1's support is taken from it instead of the thresholded rotation. */
  readonly confirmatoryGraph?: readonly (readonly number[])[] | null;
  /** Which reference script to follow where they differ (default `'simulation'`; see {@link SpectralVariant}). */
  readonly variant?: SpectralVariant;
  /** Varimax iteration cap (default 10,000 for `'simulation'`, 250 for `'real-data'`). */
  readonly varimaxMaxIter?: number;
}

/** What {@link spectralInit} returns: initial parameters and the initial binary latents of every layer. */
export interface SpectralInit {
  /** Bottom-up, as `DdeState.layers`. */
  readonly layers: DdeLayer[];
  /** p_l = P(A^(D)_l = 1) of the top layer's K_D latents: the column means of Â^(D), clipped to [ε, 1 − ε] (ε: the `epsilon` option). */
  readonly topProbabilities: number[];
  /** γ_j for Normal columns (null elsewhere); absent when no column is Normal. */
  readonly variances?: (number | null)[];
  /** Â^(d) of each layer bottom-up, N × K_d row-major 0/1. */
  readonly latents: Uint8Array[];
}

/** Layer-1 input: the observed columns with their families' inverse links. */
export const observedInput = (data: DdeData): LayerInput => ({ values: data.values, nRows: data.nRows, links: data.families.map(familyLink) });

/** Layer-d input (d ≥ 2): Â^(d−1) with the logit link. */
export const latentInput = (latents: Uint8Array, n: number, k: number): LayerInput => ({
  values: Float64Array.from(latents),
  nRows: n,
  links: new Array(k).fill('logit'),
});

/**
 * Layer-wise double-SVD spectral initialisation of a Deep Discrete Encoder (ALGORITHMS.md §2.2; Lee & Gu 2025,
 * Algorithm 1), with the reference simulation scripts' behaviour by default. For d = 1 … D, with input Y = X (d = 1)
 * or Y = Â^(d−1):
 *
 * 1. Ŷ = rank-m reconstruction of Y, m = max(K_d + 1, #{σ_i > 1.01√N}) (Normal columns skip 1–2);
 * 2. g⁻¹(clip(Ŷ)): logit on [ε, 1 − ε] for Bernoulli columns and latents, log on [ε, ∞) for Poisson columns;
 * 3. Z = column-centred g⁻¹(Ŷ) (Normal columns: centred X);
 * 4–6. the top-K_d right singular vectors of Z, varimax-rotated with Kaiser normalisation, hard-thresholded at
 *    1/(2.5√J) (d = 1) or 1/(3.5√K_{d−1}) and sign-flipped → B̂, Ĝ = supp B̂ (K_d = 1: first vector, unrotated);
 * 7. Â^(d) = 1{Z·B̂(B̂ᵀB̂)⁻¹ > 0};
 * 8. B̃ = least squares of Z on the centred Â^(d), /2 and anchor slopes floored at 2.5 on logit/log children, masked
 *    by Ĝ on Normal children; intercepts −B̃·mean(Â) (logit/log) or mean(X) − B̃·mean(Â) (Normal);
 *
 * then p̂ = column means of Â^(D) (clipped to [ε, 1 − ε] so that logit p̂ stays finite) and γ̂_j for Normal columns.
 *
 * Mixed layer 1 (some Bernoulli/Poisson, some Normal columns): the rank-m reconstruction is of the whole X, each
 * column then takes its own family's inverse link (Normal: raw), all are centred, and the refit treats each child by
 * its family (see `doubleSvdTransform`).
 *
 * Each returned layer's `graph` is Ĝ, the support of the thresholded rotation, which is what the reference scores
 * as the initial graph; under the `'simulation'` variant the coefficients of logit/log children are the reference's
 * dense (unmasked) refit, so they can be non-zero outside `graph` — the penalised M-step thresholds them.
 * `confirmatoryGraph` fixes Ĝ^(1): the rotated factors are matched to its columns (optimal assignment on their
 * loadings over each column's children), and layer 1's refit is masked by it.
 *
 * @param data - Checked data (families per column).
 * @param widths - K_1 ≥ … ≥ K_D, bottom-up.
 * @throws Error in one line for invalid widths or `confirmatoryGraph`.
 */
export function spectralInit(data: DdeData, widths: readonly number[], options: SpectralInitOptions): SpectralInit {
  checkWidths(data, widths);
  const { epsilon } = options;
  if (!(epsilon > 0 && epsilon < 0.5)) throw new Error(`dde/dde: epsilon must be in (0, 0.5), got ${epsilon}`);
  const variant = options.variant ?? 'simulation';
  const varimaxMaxIter = options.varimaxMaxIter ?? (variant === 'simulation' ? SIMULATION_VARIMAX_MAX_ITER : REAL_DATA_VARIMAX_MAX_ITER);
  const fixed = options.confirmatoryGraph ? confirmatorySupport(options.confirmatoryGraph, data.nCols, widths[0]) : null;
  const n = data.nRows;
  const inits: LayerInit[] = [];
  for (const [d, k] of widths.entries()) {
    const children = d === 0 ? data.nCols : widths[d - 1];
    const input = d === 0 ? observedInput(data) : latentInput(inits[d - 1].latents, n, children);
    const threshold = layerThreshold(d, children, variant);
    inits.push(initLayer(input, { k, threshold, varimaxMaxIter, epsilon, variant, fixedSupport: d === 0 ? fixed : null }));
  }
  const top = inits[inits.length - 1];
  const kTop = widths[widths.length - 1];
  const topProbabilities = Array.from(latentMeans(top.latents, n, kTop), (p) => Math.min(Math.max(p, epsilon), 1 - epsilon));
  const anyNormal = data.families.includes('normal');
  return {
    layers: inits.map(({ coefficients, graph }) => ({ coefficients, graph })),
    topProbabilities,
    ...(anyNormal ? { variances: inits[0].variances } : {}),
    latents: inits.map((l) => l.latents),
  };
}
