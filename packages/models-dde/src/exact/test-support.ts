// Test-only stand-ins for the statistics builder (stats/) and the M-step (mstep/), which live on other branches.
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import type { DdeShape, DdeStats, DdeStatsBuilder } from '../stats/dde-stats.js';

/** Statistics a stand-in builder keeps: the weight of every row and the expected top-layer bits Σ_i E[A^(D) | x_i]. */
export interface RecordedStats extends DdeStats {
  readonly rowWeight: Float64Array;
  readonly topSums: Float64Array;
  readonly adds: number;
}

/** A builder that records per-row weights and the top layer's expected bits (enough for a p-only M-step). */
export function recordingBuilder(shape: DdeShape, data: DdeData): DdeStatsBuilder {
  const top = shape.layers.length - 1;
  const rowWeight = new Float64Array(data.nRows);
  const topSums = new Float64Array(shape.layers[top].coefficients[0].length - 1);
  let totalWeight = 0;
  let adds = 0;
  return {
    add(row, latents, weight) {
      adds += 1;
      rowWeight[row] += weight;
      totalWeight += weight;
      const bits = latents[top];
      for (let l = 0; l < bits.length; l++) if (bits[l]) topSums[l] += weight;
    },
    finish: (): RecordedStats => ({ totalWeight, rowWeight, topSums, adds, layers: [] }),
  };
}

/** The exact M-step for the top probabilities alone, p_l = Σ_i E[A^(D)_l | x_i] / N, other parameters fixed. */
export function maximiseTopOnly(state: DdeState, stats: DdeStats): DdeState {
  const { topSums, totalWeight } = stats as RecordedStats;
  return { ...state, topProbabilities: Array.from(topSums, (s) => s / totalWeight) };
}
