import { describe, expect, it } from 'vitest';
import { selectionLatents, selectionRankFloor, selectionThreshold } from './selection-latents.js';
import { deepNormal } from './test-support/deep-normal.js';
import { latentAccuracy, matchLatents } from './test-support/match-to-truth.js';

describe('selectionLatents (the reference binary_init_K)', () => {
  it('uses the threshold max(0.05, 1/(2.5√K_{d−1})) and the rank floor min(2K_d, K_{d−1} − 2), at least 1', () => {
    expect(selectionThreshold(18)).toBeCloseTo(1 / (2.5 * Math.sqrt(18)), 15); // 0.0943
    expect(selectionThreshold(400)).toBe(0.05); // 1/(2.5·20) = 0.02 < 0.05
    expect([selectionRankFloor(6, 18), selectionRankFloor(2, 6), selectionRankFloor(3, 6), selectionRankFloor(1, 2)]).toEqual([12, 4, 4, 1]);
  });

  it('recovers A^(2) from the true A^(1) of the §9.4 design (N = 4000, seeds 51–53)', () => {
    for (const seed of [51, 52, 53]) {
      const g = deepNormal({ n: 4000, depth: 3, max: 5, cross: -2.5, seed });
      const a2 = selectionLatents(g.latents[0], 4000, 18, 6, 1e-4, 10_000);
      const perm = matchLatents(a2, g.latents[1], 4000, 6);
      // Observed 0.921–0.923 (24,000 entries each; the sd of such a share is ≈ 0.002), the floor 0.02 below.
      expect(latentAccuracy(a2, g.latents[1], 4000, 6, perm), `seed ${seed}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
