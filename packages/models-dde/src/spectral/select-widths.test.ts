import { thinSvd } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { prepareDdeData } from '../dde-data.js';
import { doubleSvdTransform } from './double-svd.js';
import { rightSingularSystem } from './gram-svd.js';
import { clippedLogit } from './inverse-link.js';
import { selectLayerWidths, spectralGapChoice } from './select-widths.js';
import { latentInput } from './spectral-init.js';
import { deepNormal } from './test-support/deep-normal.js';
import { twoLayerData } from './test-support/two-layer.js';

const NORMAL = { likelihood: 'normal', likelihoods: null } as const;

describe('selectLayerWidths, simulation preset', () => {
  for (const likelihood of ['bernoulli', 'poisson', 'normal'] as const)
    it(`picks [6, 2] on the two-layer ${likelihood} design (N = 4000, seeds 51–52)`, () => {
      for (const seed of [51, 52]) {
        const selection = selectLayerWidths(twoLayerData(4000, likelihood, seed).data, 'simulation', 1e-4);
        expect(
          selection.map((s) => s.chosen),
          `seed ${seed}`,
        ).toEqual([6, 2]);
        // Grids of §2.3: ⌊18/4⌋ + 1 … 18/2, then max(⌈6/4⌉, 2) … ⌊6/2⌋; the third grid [2, 1] is empty.
        expect(selection.map((s) => s.grid)).toEqual([
          [5, 6, 7, 8, 9],
          [2, 3],
        ]);
      }
    });

  it('picks K1 = 18 on the K-selection design of §9.4 (D = 3, max 5, cross −2.5, N = 4000, seeds 51–54)', () => {
    // Observed over seeds 51–70: [18, 6, 2] on 3/20, [18, 5, 2] on 14/20, [18, 7, 2] on 2/20, [18, 9, 3] on 1/20;
    // K1 = 18 on all 20. Layer 2 is decided by Â^(1) (≈ 97% of entries right): see the share test below.
    for (const seed of [51, 52, 53, 54]) {
      const g = deepNormal({ n: 4000, depth: 3, max: 5, cross: -2.5, seed });
      const selection = selectLayerWidths(prepareDdeData(g.data, NORMAL), 'simulation', 1e-4);
      expect(selection[0].chosen, `seed ${seed}`).toBe(18);
      expect(selection[0].grid).toEqual(Array.from({ length: 27 - 14 + 1 }, (_, t) => 14 + t));
      expect(selection[1].grid).toEqual([5, 6, 7, 8, 9]);
    }
  });

  it('matches select_K.m on the §9.4 design: shares of K̂_d = K_d over seeds 51–70 at N = 4000', () => {
    // select_K.m transcribed independently (numpy: LAPACK SVD, MATLAB's orthomax iteration) chose the same widths
    // as this code on all 20 seeds at N = 1000, 4000 and 16000 (tooling/experiments/dde-select-k.mjs, README).
    // Observed here: K1 20/20, K2 3/20 (mostly 5: Â^(1)'s rarest latents carry ≈ 14% false positives, which the
    // reference's Normal_init_1 produces too), K3 19/20; from the TRUE A^(1) the same rule picks K2 = 6 on 18/20.
    // Floors: one or two seeds below what was observed.
    const seeds = Array.from({ length: 20 }, (_, i) => 51 + i);
    const right = [0, 0, 0];
    let fromTruth = 0;
    for (const seed of seeds) {
      const g = deepNormal({ n: 4000, depth: 3, max: 5, cross: -2.5, seed });
      const chosen = selectLayerWidths(prepareDdeData(g.data, NORMAL), 'simulation', 1e-4).map((s) => s.chosen);
      [18, 6, 2].forEach((k, d) => (right[d] += chosen[d] === k ? 1 : 0));
      const { z } = doubleSvdTransform(latentInput(g.latents[0], 4000, 18), 10, 1e-4);
      if (spectralGapChoice(rightSingularSystem(z, 4000, 18).singularValues, [5, 6, 7, 8, 9]).chosen === 6) fromTruth++;
    }
    expect(right[0]).toBeGreaterThanOrEqual(19);
    expect(right[1]).toBeGreaterThanOrEqual(2);
    expect(right[2]).toBeGreaterThanOrEqual(17);
    expect(fromTruth).toBeGreaterThanOrEqual(16);
  });

  it('takes Â^(d), d ≥ 2, from binary_init_K by default and from the initialiser on request: layers 1–2 agree', () => {
    const g = deepNormal({ n: 2000, depth: 3, max: 5, cross: -2.5, seed: 61 });
    const data = prepareDdeData(g.data, NORMAL);
    const selectK = selectLayerWidths(data, 'simulation', 1e-4);
    const initialiser = selectLayerWidths(data, 'simulation', 1e-4, { deeperLatents: 'initialiser' });
    expect(selectK.slice(0, 2)).toEqual(initialiser.slice(0, 2));
    expect(selectK.length).toBeGreaterThanOrEqual(3);
  });

  it('the deeper rule picks K2 = 6 from the true A^(1) of the §9.4 design (N = 4000, seeds 51–53)', () => {
    for (const seed of [51, 52, 53]) {
      const g = deepNormal({ n: 4000, depth: 3, max: 5, cross: -2.5, seed });
      const { z } = doubleSvdTransform(latentInput(g.latents[0], 4000, 18), 10, 1e-4);
      expect(spectralGapChoice(rightSingularSystem(z, 4000, 18).singularValues, [5, 6, 7, 8, 9]).chosen, `seed ${seed}`).toBe(6);
    }
  });
});

describe('selectLayerWidths, real-data preset', () => {
  it('takes layer 1 from the singular values of the uncentred logit(clip(X, 0.01)) on the grid 2 … min(30, J − 1)', () => {
    const { data } = twoLayerData(1000, 'bernoulli', 5);
    const selection = selectLayerWidths(data, 'real-data', 1e-4);
    const y = Float64Array.from(data.values, (x) => clippedLogit(x, 0.01));
    const ref = thinSvd({ rows: 1000, cols: 18, data: y }).s;
    // Gram route vs core's backward-stable SVD: σ_18/σ_1 ≈ 0.07 here, far above √ε, so agreement ≈ 1e-12·σ_1.
    selection[0].singularValues.forEach((s, i) => expect(Math.abs(s - ref[i]) / ref[0]).toBeLessThan(1e-10));
    expect(selection[0].grid).toEqual(Array.from({ length: 16 }, (_, t) => 2 + t));
    const best = selection[0].ratios.indexOf(Math.max(...selection[0].ratios));
    expect(selection[0].chosen).toBe(selection[0].grid[best]);
    // Deeper grids are 2 … min(30, ⌊K/2⌋): they stop once a width below 4 is chosen.
    for (const [d, s] of selection.entries()) if (d > 0) expect(s.grid[s.grid.length - 1]).toBe(Math.floor(selection[d - 1].chosen / 2));
    expect(selection[selection.length - 1].chosen).toBeLessThan(4);
  });
});

describe('selectLayerWidths errors', () => {
  it('says so in one line when layer 1 has no candidate width', () => {
    const data = prepareDdeData({ kind: 'dense', nRows: 3, nCols: 1, values: Float64Array.from([0, 1, 1]), columns: ['x'] }, NORMAL);
    expect(() => selectLayerWidths(data, 'simulation', 1e-4)).toThrow(/layers 'auto' cannot choose K1 from 1 columns and 3 rows/);
  });
});
