import { sigmoid } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import { sampleDde } from '../fitted/dde-sample.js';
import { prepareFor, randomState } from '../likelihood/test-support.js';
import { anchorWordScores } from './anchor-words.js';
import { completionWordDistribution, configurationWordDistributions } from './document-completion.js';

const logFactorial = (x: number): number => {
  let s = 0;
  for (let t = 2; t <= x; t++) s += Math.log(t);
  return s;
};

/**
 * Brute force from the definition, for a two-layer Poisson state: every (a1, a2), weight p(a2)·p(a1 | a2)·
 * Π_j Poisson(x_j; ρ·e^{η_j(a1)}); then p̂_j = Σ w(a1)·e^{η_j(a1)} / Σ_l e^{η_l(a1)} under the joint posterior or
 * under the product of its layer-1 marginals.
 */
function bruteForce(state: DdeState, data: DdeData, row: number, share: number): { joint: number[]; product: number[] } {
  const [k1, k2] = [state.layers[0].coefficients[0].length - 1, state.layers[1].coefficients[0].length - 1];
  const bits = (c: number, k: number): number[] => Array.from({ length: k }, (_, b) => (c >> b) & 1);
  const eta = (coef: readonly number[], parents: readonly number[]): number => coef[0] + parents.reduce((s, v, l) => s + v * coef[1 + l], 0);
  const w1 = new Array<number>(2 ** k1).fill(0);
  for (let c1 = 0; c1 < 2 ** k1; c1++) {
    const a1 = bits(c1, k1);
    let logX = 0;
    for (let j = 0; j < data.nCols; j++) {
      const mu = share * Math.exp(eta(state.layers[0].coefficients[j], a1));
      const x = data.values[row * data.nCols + j];
      logX += x * Math.log(mu) - mu - logFactorial(x);
    }
    for (let c2 = 0; c2 < 2 ** k2; c2++) {
      const a2 = bits(c2, k2);
      let p = Math.exp(logX);
      a2.forEach((v, l) => (p *= v ? state.topProbabilities[l] : 1 - state.topProbabilities[l]));
      a1.forEach((v, k) => {
        const q = sigmoid(eta(state.layers[1].coefficients[k], a2));
        p *= v ? q : 1 - q;
      });
      w1[c1] += p;
    }
  }
  const total = w1.reduce((a, b) => a + b, 0);
  const joint = w1.map((w) => w / total);
  const marginal = bits(0, k1).map((_, k) => joint.reduce((s, w, c) => s + ((c >> k) & 1 ? w : 0), 0));
  const product = joint.map((_, c) => bits(c, k1).reduce((p, v, k) => p * (v ? marginal[k] : 1 - marginal[k]), 1));
  const predict = (weights: number[]): number[] =>
    Array.from({ length: data.nCols }, (_, j) =>
      weights.reduce((s, w, c) => {
        const rates = state.layers[0].coefficients.map((coef) => Math.exp(eta(coef, bits(c, k1))));
        return s + (w * rates[j]) / rates.reduce((a, b) => a + b, 0);
      }, 0),
    );
  return { joint: predict(joint), product: predict(product) };
}

describe('completionWordDistribution (document completion, Poisson)', () => {
  const state = randomState([3, 2], Array(6).fill('poisson'), 11);
  const data = prepareFor(state, sampleDde(state, 8, 12, 'test'));

  it.each([1, 0.8, 0.3])('matches brute force over all joint states for both posteriors, ρ = %s (1e-10; float64 round-off)', (share) => {
    const joint = completionWordDistribution(state, data, { observedShare: share, maxStates: 2 ** 10 });
    const product = completionWordDistribution(state, data, { observedShare: share, maxStates: 2 ** 10, posterior: 'product-of-marginals' });
    for (let i = 0; i < data.nRows; i++) {
      const brute = bruteForce(state, data, i, share);
      let sum = 0;
      for (let j = 0; j < data.nCols; j++) {
        expect(joint[i * data.nCols + j]).toBeCloseTo(brute.joint[j], 10);
        expect(product[i * data.nCols + j]).toBeCloseTo(brute.product[j], 10);
        sum += joint[i * data.nCols + j];
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('the thinning changes the posterior: ρ = 0.3 and ρ = 1 differ on some row', () => {
    const a = completionWordDistribution(state, data, { observedShare: 1, maxStates: 2 ** 10 });
    const b = completionWordDistribution(state, data, { observedShare: 0.3, maxStates: 2 ** 10 });
    expect(Math.max(...a.map((v, t) => Math.abs(v - b[t])))).toBeGreaterThan(1e-3);
  });

  it('a configuration table row is the softmax of its linear predictors', () => {
    const words = configurationWordDistributions(state);
    const c = 5; // a = (1, 0, 1)
    const rates = state.layers[0].coefficients.map((b) => Math.exp(b[0] + b[1] + b[3]));
    const total = rates.reduce((s, r) => s + r, 0);
    rates.forEach((r, j) => expect(words[c * 6 + j]).toBeCloseTo(r / total, 12));
  });

  it('refuses non-Poisson columns, a share outside (0, 1] and too many states, in one line', () => {
    const bernoulli = randomState([2, 1], Array(4).fill('bernoulli'), 1);
    const binary = prepareFor(bernoulli, sampleDde(bernoulli, 2, 1, 'test'));
    expect(() => completionWordDistribution(bernoulli, binary, { observedShare: 0.8, maxStates: 64 })).toThrow(
      /^dde\/dde: document completion needs Poisson columns; column 'x1' is bernoulli$/,
    );
    expect(() => completionWordDistribution(state, data, { observedShare: 0, maxStates: 64 })).toThrow(/observedShare must be in \(0, 1\], got 0$/);
    expect(() => completionWordDistribution(state, data, { observedShare: 0.8, maxStates: 16 })).toThrow(/above maxStates = 16/);
  });
});

describe('anchorWordScores', () => {
  it('s_kj = min over l ≠ k of β_jk − β_jl, latent-major', () => {
    const layer = {
      coefficients: [
        [0, 3, 1, 0],
        [0, 0, 2, 2.5],
        [0, -1, -1, -1],
      ],
      graph: [],
    };
    expect(Array.from(anchorWordScores({ layers: [layer] }))).toEqual([2, -2.5, 0, -2, -0.5, 0, -3, 0.5, 0]);
  });
  it('K_1 = 1: the slope itself', () => {
    expect(
      Array.from(
        anchorWordScores({
          layers: [
            {
              coefficients: [
                [0, 2],
                [1, -1],
              ],
              graph: [],
            },
          ],
        }),
      ),
    ).toEqual([2, -1]);
  });
});
