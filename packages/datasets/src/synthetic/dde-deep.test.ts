import { createRng } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { ddeDeepNormal, ddeSelectK } from './dde-deep.js';
import { ddeBlockDesign, sampleDde, type DdeTruth } from './dde-design.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const graphOf = (b: number[][]) => b.map((r) => r.slice(1).map((v) => (v !== 0 ? 1 : 0)));

/**
 * Every latent layer and the observed columns have the model's conditional means: for each child, the mean over rows
 * of (draw − E[draw | parents]) is within 5 standard errors (√(Σ Var)/N) of 0.
 */
function expectModelDraws(truth: DdeTruth, values: Float64Array, n: number): void {
  const widths = truth.layers.map((l) => l.graph[0].length);
  const depth = widths.length;
  for (let l = 0; l < widths[depth - 1]; l++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += truth.latents[depth - 1][i * widths[depth - 1] + l];
    expect(Math.abs(m / n - truth.topProbabilities[l])).toBeLessThan(5 * Math.sqrt(0.25 / n));
  }
  for (let d = 0; d < depth; d++) {
    const beta = truth.layers[d].coefficients;
    const [parents, kp] = [truth.latents[d], widths[d]];
    const children = d === 0 ? values : truth.latents[d - 1];
    const kc = beta.length;
    for (let c = 0; c < kc; c++) {
      let [dev, v] = [0, 0];
      for (let i = 0; i < n; i++) {
        let eta = beta[c][0];
        for (let l = 0; l < kp; l++) eta += beta[c][1 + l] * parents[i * kp + l];
        const mean = d === 0 ? eta : sigmoid(eta);
        v += d === 0 ? truth.variances![c] : mean * (1 - mean);
        dev += children[i * kc + c] - mean;
      }
      expect(Math.abs(dev / n), `layer ${d + 1}, child ${c + 1}`).toBeLessThan((5 * Math.sqrt(v)) / n);
    }
  }
}

describe('ddeDeepNormal', () => {
  it('has D = 3 layers of widths 18, 6, 2 over J = 54 columns, each from the block design with max 4 and cross −2', () => {
    const { data, truth } = ddeDeepNormal({ n: 20, seed: 51 });
    expect([data.nRows, data.nCols]).toEqual([20, 54]);
    expect(truth.layers.map((l) => [l.coefficients.length, l.graph[0].length])).toEqual([
      [54, 18],
      [18, 6],
      [6, 2],
    ]);
    for (const l of truth.layers) {
      const k = l.graph[0].length;
      expect(l.coefficients).toEqual(ddeBlockDesign(k, 4, -2));
      expect(l.graph).toEqual(graphOf(l.coefficients));
    }
    expect(truth.layers[2].coefficients.slice(4)).toEqual([
      [-2, 4, -2],
      [-2, -2, 4],
    ]);
    expect([truth.topProbabilities, truth.likelihood, truth.variances]).toEqual([[0.5, 0.5], 'normal', new Array(54).fill(1)]);
    expect(truth.latents.map((a) => a.length)).toEqual([20 * 18, 20 * 6, 20 * 2]);
    expect(data.factors!.names.slice(16, 20)).toEqual(['a1_17', 'a1_18', 'a2_1', 'a2_2']);
    expect(data.factors!.names.at(-1)).toBe('a3_2');
    // The factors are the latents side by side: row 1 is A^(1), A^(2), A^(3) of row 1.
    expect(Array.from(data.factors!.values.subarray(26, 52))).toEqual([
      ...truth.latents[0].subarray(18, 36),
      ...truth.latents[1].subarray(6, 12),
      ...truth.latents[2].subarray(2, 4),
    ]);
  });

  it('has D = 4 layers of widths 54, 18, 6, 2 over J = 162 columns', () => {
    const { data, truth } = ddeDeepNormal({ n: 5, depth: 4, seed: 1 });
    expect(data.nCols).toBe(162);
    expect(truth.layers.map((l) => l.graph[0].length)).toEqual([54, 18, 6, 2]);
    expect(() => ddeDeepNormal({ n: 5, depth: 0, seed: 1 })).toThrow('depth must be an integer ≥ 1, got 0');
  });

  it('draws every layer and the Normal columns with the model probabilities', () => {
    const n = 3000;
    const { data, truth } = ddeDeepNormal({ n, seed: 52 });
    expectModelDraws(truth, data.values, n);
  });

  it('is deterministic under a seed', () => {
    expect(ddeDeepNormal({ n: 30, seed: 60 })).toEqual(ddeDeepNormal({ n: 30, seed: 60 }));
    expect(ddeDeepNormal({ n: 30, seed: 60 }).data.values).not.toEqual(ddeDeepNormal({ n: 30, seed: 61 }).data.values);
  });
});

describe('ddeSelectK', () => {
  it('has widths 18, 6, 2 and J = 54, with max 5, cross −2.5 and intercepts −2.5 / −5 / −2.5', () => {
    const { data, truth } = ddeSelectK({ n: 10, seed: 51 });
    expect(data.nCols).toBe(54);
    expect(truth.layers.map((l) => l.coefficients)).toEqual([18, 6, 2].map((k) => ddeBlockDesign(k, 5, -2.5)));
    expect(truth.layers[1].coefficients.map((r) => r[0])).toEqual([...Array(6).fill(-2.5), ...Array(6).fill(-5), ...Array(6).fill(-2.5)]);
    expect(data.source).toBe('dde-select-k');
  });

  it('draws every layer with the model probabilities', () => {
    const n = 3000;
    const { data, truth } = ddeSelectK({ n, seed: 53 });
    expectModelDraws(truth, data.values, n);
  });
});

describe('sampleDde', () => {
  it('checks the top probabilities and the variances of a Normal design', () => {
    const layers = [{ coefficients: ddeBlockDesign(2), graph: graphOf(ddeBlockDesign(2)) }];
    expect(() => sampleDde({ layers, topProbabilities: [0.5], likelihood: 'bernoulli' }, 3, createRng(0))).toThrow(
      'the top layer has 2 latents but 1 probabilities',
    );
    expect(() => sampleDde({ layers, topProbabilities: [0.5, 0.5], likelihood: 'normal' }, 3, createRng(0))).toThrow(
      'a Normal design needs 6 variances, got 0',
    );
  });
});
