import type { DdeState } from '../dde-state.js';

/**
 * Complete-data sufficient statistics of a DDE, the one currency of its M-step: SAEM builds them from sampled
 * latents (weight 1 per row and draw, then averaged over draws and iterations), exact EM from posterior weights
 * over all joint states. The complete-data log-likelihood is linear in them, so the M-step of both engines is the
 * same function of a `DdeStats` (see `stats/` and `mstep/`).
 *
 * The concrete layout (pattern-aggregated statistics for Bernoulli and Poisson children, moment statistics for
 * Normal children, the expected top-layer means, the total weight) is private to `stats/`; everything else goes
 * through {@link DdeStatsBuilder} and `averageStats`.
 */
export interface DdeStats {
  /** Total weight (rows; N for a full pass). */
  readonly totalWeight: number;
}

/** Accumulates {@link DdeStats} row by row. */
export interface DdeStatsBuilder {
  /**
   * Add row `row` of the prepared data with the latent configuration `latents[d]` of layer d + 1 (0/1 per latent,
   * bottom-up, `latents.length` = D) at weight `weight` (1 for a draw; a posterior probability for exact EM).
   */
  add(row: number, latents: readonly Uint8Array[], weight: number): void;
  finish(): DdeStats;
}

/** What building statistics needs to know about the model: its widths and the families of the observed columns. */
export type DdeShape = Pick<DdeState, 'layers' | 'families'>;
