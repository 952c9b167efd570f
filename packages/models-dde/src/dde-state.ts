/** Observation model of an observed column (the bottom layer). */
export type DdeFamily = 'bernoulli' | 'poisson' | 'normal';

/** The link families a column can have, in the order parameters and messages list them. */
export const DDE_FAMILIES: readonly DdeFamily[] = ['bernoulli', 'poisson', 'normal'];

/**
 * One layer's map from its binary latents A^(d) (K_d of them) to the layer below (the J observed columns for d = 1,
 * the K_{d−1} latents of layer d − 1 otherwise): the linear predictor of child c is
 * η_c = coefficients[c][0] + Σ_k coefficients[c][1 + k]·A^(d)_k.
 */
export interface DdeLayer {
  /** One row per child, `[intercept, slope_1, …, slope_{K_d}]`. */
  readonly coefficients: readonly (readonly number[])[];
  /** The 0/1 support G^(d) of the slopes (children × K_d): 1 where the slope is non-zero. */
  readonly graph: readonly (readonly number[])[];
}

/**
 * The parameters of a Deep Discrete Encoder with D binary latent layers of widths K_1 > K_2 > … > K_D (bottom-up).
 *
 * A^(D)_l ~ Bernoulli(p_l) independently; P(A^(d)_k = 1 | A^(d+1)) = σ(η^(d+1)_k) for d < D; each observed column j
 * has η_j = β_j0 + Σ_k β_jk·A^(1)_k and X_j | A^(1) ~ Bernoulli(σ(η_j)), Poisson(exp η_j) or N(η_j, γ_j).
 * This is the model file's `state` (plugin API 2, saved-model format 2).
 */
export interface DdeState {
  /** The layers bottom-up: `layers[0]` maps A^(1) to the observed columns, `layers[d−1]` maps A^(d) to A^(d−1). */
  readonly layers: readonly DdeLayer[];
  /** p_l = P(A^(D)_l = 1) of the top layer (K_D). */
  readonly topProbabilities: readonly number[];
  /** The family of each observed column (J). */
  readonly families: readonly DdeFamily[];
  /** γ_j of each Normal column (J entries, `null` for columns that are not Normal); absent when none is Normal. */
  readonly variances?: readonly (number | null)[];
  /** The observed column names (J), for views and for `likelihoods` maps. */
  readonly columns: readonly string[];
  /** With `layers: 'auto'`: the chosen width of each layer and the spectral-gap ratios it was chosen from. */
  readonly selection?: readonly DdeLayerSelection[];
  /** The spectral initialisation's layers (same shape as `layers`), kept to compare with the fitted graph. */
  readonly initialLayers?: readonly DdeLayer[];
}

/** How one layer's width was chosen by the spectral-gap ratio (ALGORITHMS.md §2.3). */
export interface DdeLayerSelection {
  /** The candidate widths k. */
  readonly grid: readonly number[];
  /** The ratio σ_k/σ_{k+1} of consecutive singular values for each candidate k of `grid`. */
  readonly ratios: readonly number[];
  /** The singular values σ_1, σ_2, … the ratios came from. */
  readonly singularValues: readonly number[];
  /** The width on `grid` of largest ratio σ_k/σ_{k+1} (the first on ties). */
  readonly chosen: number;
}

/** The widths K_1, …, K_D of a state's latent layers, bottom-up. */
export const layerWidths = (state: Pick<DdeState, 'layers'>): number[] => state.layers.map((l) => l.coefficients[0].length - 1);
