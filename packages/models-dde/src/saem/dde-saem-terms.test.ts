import { createRng } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import { ddeDefaults } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import { referenceChange, rmsChange } from './dde-change.js';
import { ddeSaemTerms } from './dde-saem-terms.js';

const state = (shift: number): DdeState => ({
  layers: [
    {
      coefficients: [
        [-1 + shift, 2, 0],
        [0, 1, 1],
        [1, 0, 2],
      ],
      graph: [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    },
    {
      coefficients: [
        [0, 3 + shift],
        [-1, 2],
      ],
      graph: [[1], [1]],
    },
  ],
  topProbabilities: [0.5],
  families: ['normal', 'normal', 'normal'],
  variances: [1, 1, 1 + shift],
  columns: ['a', 'b', 'c'],
});

describe('change metrics', () => {
  it('rmsChange is sqrt(Σ Δ² / #θ) over p, all coefficients and γ; referenceChange is ‖Δθ‖_F / K_D', () => {
    // θ: 1 p + 9 + 4 coefficients + 3 γ = 17 parameters, three of which move by 0.3.
    expect(rmsChange(state(0), state(0.3))).toBeCloseTo(Math.sqrt((3 * 0.09) / 17), 12);
    expect(referenceChange(state(0), state(0.3))).toBeCloseTo(Math.sqrt(3 * 0.09), 12);
    // The reference compares the new unthresholded coefficients with the previous thresholded ones.
    const raw = state(0).layers.map((l) => l.coefficients.map((r) => r.map((v) => v + 0.1)));
    expect(referenceChange(state(0), state(0), raw)).toBeCloseTo(Math.sqrt(13 * 0.01), 12);
  });
});

describe('ddeSaemTerms', () => {
  const { data } = ddeTwoLayer({ n: 300, seed: 5 });

  it('prepare refuses a layer not narrower than the one below, in one line naming layers', () => {
    expect(() => ddeSaemTerms({ ...ddeDefaults, layers: [6, 6] }).prepare(data)).toThrow(/^dde\/dde: layers\[1\] = 6 is not narrower than layer 1 \(6\)/);
    expect(() => ddeSaemTerms({ ...ddeDefaults, layers: [18] }).prepare(data)).toThrow(/layers\[0\] = 18 is not narrower than the 18 observed columns/);
  });

  it("prepare resolves lambda/tau 'auto' to N^{1/4}, 3·N^{−0.3}", () => {
    const p = ddeSaemTerms({ ...ddeDefaults, layers: [6, 2] }).prepare(data);
    expect(p.lambda[0]).toBeCloseTo(300 ** 0.25, 12);
    expect(p.tau[0]).toBeCloseTo(3 * 300 ** -0.3, 12);
  });

  it('random init: coefficients inside the boxes, graph = support, latents of the right shape, deterministic in the seed', async () => {
    const terms = ddeSaemTerms({ ...ddeDefaults, layers: [6, 2], init: 'random' });
    const p = terms.prepare(data);
    const a = terms.init(p, createRng(9));
    const b = terms.init(p, createRng(9));
    expect(a.state).toEqual(b.state);
    expect(a.chain.latents.map((l) => l.length)).toEqual([300 * 6, 300 * 2]);
    for (const layer of a.state.layers)
      layer.coefficients.forEach((row, c) => {
        expect(row[0]).toBeGreaterThanOrEqual(-5);
        expect(row[0]).toBeLessThanOrEqual(5);
        row.slice(1).forEach((v, k) => {
          expect(v >= -2.5 && v <= 5).toBe(true);
          expect(layer.graph[c][k]).toBe(v !== 0 ? 1 : 0);
        });
        expect(layer.graph[c]).toContain(1);
      });
    // A few SAEM iterations run and keep the shape; the objective is finite.
    let { state, chain } = a;
    let running;
    for (let t = 1; t <= 3; t++) {
      const sim = await terms.simulate(state, chain, p, createRng(t), { sampler: 'reference-jacobi', samples: 2 });
      chain = sim.chain;
      running = terms.average(running, sim.stats, 1 / t);
      const m = terms.maximise(state, running, p);
      expect(Number.isFinite(m.objective)).toBe(true);
      expect(terms.change(state, m.state)).toBeGreaterThanOrEqual(0);
      state = m.state;
    }
  });
});
