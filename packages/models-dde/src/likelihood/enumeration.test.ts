import { sigmoid } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import type { DdeData } from '../dde-data.js';
import { layerWidths, type DdeFamily, type DdeState } from '../dde-state.js';
import { cellLogLikFull } from '../families.js';
import { sampleDde } from '../fitted/dde-sample.js';
import { enumerateDde, exactLayerPosterior, exactLogLikelihood, visitJointPosterior } from './enumeration.js';
import { prepareFor, randomState, truthState } from './test-support.js';

/**
 * Brute force, written from the model's definition only: every joint configuration of every layer, its probability
 * as the product of the top Bernoulli(p), each layer's σ(η) given the layer above, and each cell's density
 * (`cellLogLikFull`); summed in plain probability space (the tiny models keep it far from underflow).
 * Returns log p(x_i) and the joint weights by configuration (bits of all layers concatenated bottom-up).
 */
function bruteForce(state: DdeState, data: DdeData, row: number): { logLik: number; joint: Map<string, number> } {
  const widths = layerWidths(state);
  const total = widths.reduce((a, b) => a + b, 0);
  const joint = new Map<string, number>();
  let sum = 0;
  for (let c = 0; c < 2 ** total; c++) {
    const bits = Array.from({ length: total }, (_, b) => (c >> b) & 1);
    const layer = (d: number): number[] =>
      bits.slice(
        widths.slice(0, d).reduce((a, b) => a + b, 0),
        widths.slice(0, d + 1).reduce((a, b) => a + b, 0),
      );
    let p = 1;
    const top = layer(widths.length - 1);
    top.forEach((a, l) => (p *= a ? state.topProbabilities[l] : 1 - state.topProbabilities[l]));
    for (let d = 0; d < widths.length - 1; d++) {
      const parents = layer(d + 1);
      layer(d).forEach((a, k) => {
        const row = state.layers[d + 1].coefficients[k];
        const q = sigmoid(row[0] + parents.reduce((s, v, l) => s + v * row[1 + l], 0));
        p *= a ? q : 1 - q;
      });
    }
    const a1 = layer(0);
    for (let j = 0; j < data.nCols; j++) {
      const beta = state.layers[0].coefficients[j];
      const eta = beta[0] + a1.reduce((s, v, k) => s + v * beta[1 + k], 0);
      p *= Math.exp(cellLogLikFull(state.families[j], data.values[row * data.nCols + j], eta, state.variances?.[j] ?? 1));
    }
    joint.set(bits.join(''), p);
    sum += p;
  }
  for (const [k, v] of joint) joint.set(k, v / sum);
  return { logLik: Math.log(sum), joint };
}

const cases: { name: string; widths: number[]; families: DdeFamily[] }[] = [
  { name: 'Bernoulli K = [3, 2]', widths: [3, 2], families: Array(7).fill('bernoulli') },
  { name: 'Poisson K = [3, 2]', widths: [3, 2], families: Array(6).fill('poisson') },
  { name: 'Normal K = [3, 2]', widths: [3, 2], families: Array(6).fill('normal') },
  { name: 'Bernoulli K = [4, 2, 1]', widths: [4, 2, 1], families: Array(8).fill('bernoulli') },
  { name: 'Poisson K = [4, 2, 1]', widths: [4, 2, 1], families: Array(8).fill('poisson') },
  { name: 'Normal K = [4, 2, 1]', widths: [4, 2, 1], families: Array(8).fill('normal') },
  { name: 'mixed Bernoulli + Normal K = [4, 2, 1]', widths: [4, 2, 1], families: [...Array(4).fill('bernoulli'), ...Array(4).fill('normal')] },
];

describe('exact enumeration against brute force', () => {
  cases.forEach(({ name, widths, families }, c) => {
    it(`${name}: log p(x_i), every layer's posterior and the joint posterior (to 1e-10 relative; float64 round-off)`, () => {
      const state = randomState(widths, families, 100 + c);
      const data = prepareFor(state, sampleDde(state, 12, 200 + c, 'test'));
      const logLik = exactLogLikelihood(state, data, 2 ** 10);
      const posteriors = widths.map((_, d) => exactLayerPosterior(state, data, d + 1, 2 ** 10));
      const visited = new Map<string, number>();
      const total = visitJointPosterior(state, enumerateDde(state, 2 ** 10), data, (row, latents, weight) => {
        const key = `${row}:${latents.map((l) => Array.from(l).join('')).join('')}`;
        visited.set(key, (visited.get(key) ?? 0) + weight);
      });
      let sum = 0;
      for (let i = 0; i < data.nRows; i++) {
        const brute = bruteForce(state, data, i);
        sum += brute.logLik;
        expect(logLik[i]).toBeCloseTo(brute.logLik, 9);
        let offset = 0;
        widths.forEach((k, d) => {
          for (let b = 0; b < k; b++) {
            let m = 0;
            for (const [bits, w] of brute.joint) if (bits[offset + b] === '1') m += w;
            expect(posteriors[d][i * k + b]).toBeCloseTo(m, 10);
          }
          offset += k;
        });
        let rowSum = 0;
        for (const [bits, w] of brute.joint) {
          const got = visited.get(`${i}:${bits}`) ?? 0;
          expect(got).toBeCloseTo(w, 10);
          rowSum += got;
        }
        expect(rowSum).toBeCloseTo(1, 12);
      }
      expect(total).toBeCloseTo(sum, 8);
    });
  });

  it('uses Poisson’s −log x! (the full density integrates to 1 over the counts)', () => {
    const state = randomState([2, 1], ['poisson'], 7);
    let mass = 0;
    for (let x = 0; x < 200; x++) {
      const data: DdeData = { nRows: 1, nCols: 1, values: Float64Array.of(x), columns: ['x1'], families: ['poisson'] };
      mass += Math.exp(exactLogLikelihood(state, data, 8)[0]);
    }
    expect(mass).toBeCloseTo(1, 10);
  });

  it('on the two-layer simulation truth (K = [6, 2], 256 states) matches brute force on a few rows', () => {
    const { data, truth } = ddeTwoLayer({ n: 5, likelihood: 'normal', seed: 51 });
    const state = truthState(truth, data.columns);
    const prepared = prepareFor(state, data);
    const logLik = exactLogLikelihood(state, prepared, 2 ** 16);
    for (let i = 0; i < 5; i++) expect(logLik[i]).toBeCloseTo(bruteForce(state, prepared, i).logLik, 8);
  });

  it('refuses above maxStates with one line naming maxStates and the count', () => {
    const state = randomState([4, 2, 1], Array(8).fill('bernoulli'), 1);
    const data = prepareFor(state, sampleDde(state, 3, 1, 'test'));
    expect(() => exactLogLikelihood(state, data, 64)).toThrow(/^dde\/dde: exact enumeration needs 2\^7 = 128 joint latent states .*maxStates = 64[^\n]*$/);
  });
});
