import { describe, expect, it } from 'vitest';
import { prepareDdeData } from '../dde-data.js';
import { spectralInit } from './spectral-init.js';
import { deepNormal } from './test-support/deep-normal.js';
import { graphAccuracy, latentAccuracy, matchLatents } from './test-support/match-to-truth.js';

describe('spectralInit on the deep Normal design of §9.3 with D = 3 (K = 18, 6, 2; J = 54; max 4, cross −2; N = 4000)', () => {
  it('recovers each layer’s graph and latents from the initialiser alone (seeds 51–53)', () => {
    // Observed per layer (seeds 51–53): G1 0.963, A1 0.961–0.964; G2 0.815–0.852, A2 0.820–0.827;
    // G3 0.583–0.667 (12 entries; all-ones would score 0.667), A3 0.770–0.803. Floors a little below.
    const floors = [
      { g: 0.95, a: 0.95 },
      { g: 0.78, a: 0.8 },
      { g: 0.5, a: 0.74 },
    ];
    const n = 4000;
    for (const seed of [51, 52, 53]) {
      const g = deepNormal({ n, depth: 3, max: 4, cross: -2, seed });
      const init = spectralInit(prepareDdeData(g.data, { likelihood: 'normal', likelihoods: null }), g.widths, { epsilon: 1e-4 });
      let rowPerm: number[] | null = null;
      for (const [d, k] of g.widths.entries()) {
        const perm = matchLatents(init.latents[d], g.latents[d], n, k);
        const truthGraph = g.coefficients[d].map((r) => r.slice(1).map((b) => (b !== 0 ? 1 : 0)));
        expect(graphAccuracy(init.layers[d].graph, truthGraph, rowPerm, perm), `seed ${seed} G${d + 1}`).toBeGreaterThanOrEqual(floors[d].g);
        expect(latentAccuracy(init.latents[d], g.latents[d], n, k, perm), `seed ${seed} A${d + 1}`).toBeGreaterThanOrEqual(floors[d].a);
        rowPerm = perm;
      }
    }
  });
});
