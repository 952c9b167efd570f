import { createRng, log1pexp } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily, DdeState } from '../dde-state.js';
import { cellLogLik } from '../families.js';
import type { DdeStatsBuilder } from '../stats/dde-stats.js';
import type { DdeChain } from './dde-chain.js';
import { gibbsSweep } from './gibbs-sweep.js';
import { jacobiSweep } from './jacobi-sweep.js';

// A tiny model, K = [3, 1], J = 5: A2 ~ Bern(p); A1_k | A2 logistic; X_j | A1 of the family. Every pair of
// layer-1 latents shares a child and all depend on A2, so the posterior of (A1, A2) given X is far from a product.
const tiny = (family: DdeFamily): DdeState => ({
  layers: [
    {
      coefficients: [
        [-1.5, 2.5, 0, 0],
        [-1.5, 0, 2.5, 0],
        [-1.5, 0, 0, 2.5],
        [-2, 2, 1.5, 0],
        [-1, 0, 1.5, -2],
      ].map((r) => (family === 'poisson' ? r.map((v) => v / 2) : r)),
      graph: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 0],
        [0, 1, 1],
      ],
    },
    {
      coefficients: [
        [-2, 4],
        [-2, 4],
        [-1.5, 3],
      ],
      graph: [[1], [1], [1]],
    },
  ],
  topProbabilities: [0.4],
  families: Array<DdeFamily>(5).fill(family),
  ...(family === 'normal' && { variances: [0.8, 1, 1.2, 1, 0.6] }),
  columns: ['x1', 'x2', 'x3', 'x4', 'x5'],
});

const ROW: Record<DdeFamily, number[]> = { bernoulli: [1, 0, 1, 1, 0], poisson: [2, 0, 1, 3, 1], normal: [0.3, -1.2, 0.9, 0.8, -0.4] };

const oneRow = (family: DdeFamily): DdeData => ({
  nRows: 1,
  nCols: 5,
  values: Float64Array.from(ROW[family]),
  columns: ['x1', 'x2', 'x3', 'x4', 'x5'],
  families: Array<DdeFamily>(5).fill(family),
});

/** Exact posterior over the 16 states (a1 bits 0–2, a2 bit 3), by enumerating the joint, independent of the sampler. */
function exactPosterior(state: DdeState, x: number[]): number[] {
  const logJoint = Array.from({ length: 16 }, (_, s) => {
    const a1 = [s & 1, (s >> 1) & 1, (s >> 2) & 1];
    const a2 = (s >> 3) & 1;
    const p = state.topProbabilities[0];
    let lp = Math.log(a2 ? p : 1 - p);
    for (const [k, row] of state.layers[1].coefficients.entries()) {
      const eta = row[0] + row[1] * a2;
      lp += a1[k] * eta - log1pexp(eta);
    }
    for (const [j, row] of state.layers[0].coefficients.entries()) {
      const eta = row[0] + row[1] * a1[0] + row[2] * a1[1] + row[3] * a1[2];
      lp += cellLogLik(state.families[j], x[j], eta, state.variances?.[j] ?? 1);
    }
    return lp;
  });
  const m = Math.max(...logJoint);
  const w = logJoint.map((v) => Math.exp(v - m));
  const z = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / z);
}

/** Empirical distribution of `draws` consecutive draws of the one-row chain (after a burn-in of 200). */
function empirical(sweep: typeof gibbsSweep, state: DdeState, data: DdeData, draws: number, seed: number): number[] {
  const counts = new Array<number>(16).fill(0);
  let seen = 0;
  const recorder: DdeStatsBuilder = {
    add(_row, latents) {
      if (seen++ < 200) return;
      counts[latents[0][0] | (latents[0][1] << 1) | (latents[0][2] << 2) | (latents[1][0] << 3)]++;
    },
    finish: () => {
      throw new Error('not used');
    },
  };
  const rng = createRng(seed);
  let chain: DdeChain = { latents: [new Uint8Array(3), new Uint8Array(1)] };
  // The Jacobi kernel makes one synchronous move per call; C > 1 draws would all come from the same state.
  for (let t = 0; t < draws + 200; t++) chain = sweep(state, chain, data, rng, 1, recorder);
  return counts.map((c) => c / draws);
}

const tv = (p: number[], q: number[]): number => 0.5 * p.reduce((a, v, i) => a + Math.abs(v - q[i]), 0);

describe('gibbsSweep', () => {
  // 40,000 draws of a chain with 16 states: the Monte Carlo total variation is about
  // ½·Σ_s √(2/π)·√(p_s/N_eff) ≤ ½·0.8·√16/√N_eff ≈ 0.011 at N_eff = 20,000; 0.03 is ~3 standard errors.
  for (const family of ['bernoulli', 'poisson', 'normal'] as const)
    it(`${family}: the draws of one row follow the exact posterior (total variation < 0.03)`, () => {
      const state = tiny(family);
      const exact = exactPosterior(state, ROW[family]);
      const gibbs = empirical(gibbsSweep, state, oneRow(family), 40_000, 11);
      expect(tv(gibbs, exact)).toBeLessThan(0.03);
    });

  it('C > 1: C consecutive sweeps, each draw added at weight 1/C, the chain continues from the last', () => {
    const state = tiny('bernoulli');
    const weights: number[] = [];
    let last: number[] = [];
    const recorder: DdeStatsBuilder = {
      add(_r, latents, w) {
        weights.push(w);
        last = [...latents[0], ...latents[1]];
      },
      finish: () => {
        throw new Error('not used');
      },
    };
    const next = gibbsSweep(state, { latents: [new Uint8Array(3), new Uint8Array(1)] }, oneRow('bernoulli'), createRng(3), 4, recorder);
    expect(weights).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect([...next.latents[0], ...next.latents[1]]).toEqual(last);
  });
});

describe('jacobiSweep (the reference kernel)', () => {
  it('does NOT leave the posterior invariant when the latents are dependent (why Gibbs is the default)', () => {
    const state = tiny('bernoulli');
    const exact = exactPosterior(state, ROW.bernoulli);
    const jacobi = empirical(jacobiSweep, state, oneRow('bernoulli'), 40_000, 12);
    // Same Monte Carlo error as above (≈ 0.011, bounded by 0.03); the kernel's bias is far larger.
    expect(tv(jacobi, exact)).toBeGreaterThan(0.1);
  });

  it('with C > 1 continues from the majority of the C draws', () => {
    const state = tiny('bernoulli');
    const draws: number[][] = [];
    const recorder: DdeStatsBuilder = {
      add: (_r, latents) => draws.push([...latents[0], ...latents[1]]),
      finish: () => {
        throw new Error('not used');
      },
    };
    const next = jacobiSweep(state, { latents: [new Uint8Array(3), new Uint8Array(1)] }, oneRow('bernoulli'), createRng(5), 5, recorder);
    const majority = draws[0].map((_, q) => (draws.reduce((a, d) => a + d[q], 0) > 2.5 ? 1 : 0));
    expect([...next.latents[0], ...next.latents[1]]).toEqual(majority);
  });
});
