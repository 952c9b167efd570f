import type { DdeState } from '../dde-state.js';

/**
 * Complete-data sufficient statistics of one layer d: the map from the K_d latents A^(d) to its children (the J
 * observed columns for d = 1, the K_{d−1} latents of layer d − 1 otherwise).
 *
 * - Children that are Bernoulli or Poisson (every latent child, and observed columns of those families) are
 *   *pattern-aggregated*: for each configuration a of A^(d) seen, its weight w_a = Σ w and, per child c,
 *   s_{a,c} = Σ w·y_c. Their complete-data log-likelihood Σ_a [s_{a,c}·η_c(a) − w_a·ψ(η_c(a))] (ψ = log(1 + e^η)
 *   or e^η) depends on the data only through (w_a, s_{a,c}).
 * - Normal children are kept as moments of z = [1, a]: Σ w·z·zᵀ (shared), Σ w·z·x_c and Σ w·x_c² per child, so that
 *   Σ w·(x_c − βᵀz)² = Σw x² − 2βᵀΣw z x + βᵀ(Σw z zᵀ)β.
 *
 * Every field is a weighted sum, so statistics average linearly (see `averageStats`).
 */
export interface DdeLayerStats {
  /** K_d. */
  readonly width: number;
  /** Number of children (J for layer 1, K_{d−1} otherwise). */
  readonly nChildren: number;
  /** The children (indices) with pattern statistics, in the column order of `patternSums`. */
  readonly patternChildren: Int32Array;
  /** Number of distinct configurations of A^(d) held. */
  readonly nPatterns: number;
  /** The configuration key of each pattern (see `patternKey`). */
  readonly keys: readonly (number | string)[];
  /** nPatterns × K_d, 0/1. */
  readonly patterns: Uint8Array;
  /** w_a per pattern. */
  readonly patternWeights: Float64Array;
  /** nPatterns × patternChildren.length: s_{a,c} = Σ w·y_c. */
  readonly patternSums: Float64Array;
  /** The Normal children (indices) with moment statistics, in the row order of `cross` and `squares`. */
  readonly normalChildren: Int32Array;
  /** (K_d + 1) × (K_d + 1): Σ w·z·zᵀ with z = [1, a] (all zeros when there is no Normal child). */
  readonly gram: Float64Array;
  /** normalChildren.length × (K_d + 1): Σ w·z·x_c. */
  readonly cross: Float64Array;
  /** Σ w·x_c² per Normal child. */
  readonly squares: Float64Array;
}

/**
 * Complete-data sufficient statistics of a DDE, the one currency of its M-step: SAEM builds them from sampled
 * latents (weight 1/C per row and draw, then averaged over iterations), exact EM from posterior weights over all
 * joint states. The complete-data log-likelihood is linear in them, so the M-step of both engines is the same
 * function of a `DdeStats` (see `mstep/`).
 *
 * Layout: one {@link DdeLayerStats} per layer bottom-up, Σ w·A^(D)_l of the top layer, and the total weight.
 * Build with `createStatsBuilder`, average with `averageStats`.
 */
export interface DdeStats {
  /** Total weight (rows; N for a full pass). */
  readonly totalWeight: number;
  /** Bottom-up, one per latent layer. */
  readonly layers: readonly DdeLayerStats[];
  /** Σ w·A^(D)_l per top-layer latent (K_D); the expected top-layer means are topSums / totalWeight. */
  readonly topSums: Float64Array;
}

/** Accumulates {@link DdeStats} row by row. */
export interface DdeStatsBuilder {
  /**
   * Add row `row` of the prepared data with the latent configuration `latents[d]` of layer d + 1 (0/1 per latent,
   * bottom-up, `latents.length` = D) at weight `weight` (1/C for a draw; a posterior probability for exact EM).
   */
  add(row: number, latents: readonly Uint8Array[], weight: number): void;
  finish(): DdeStats;
}

/** What building statistics needs to know about the model: its widths and the families of the observed columns. */
export type DdeShape = Pick<DdeState, 'layers' | 'families'>;
