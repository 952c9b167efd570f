import { describe, expect, it } from 'vitest';
import type { DdeState } from '../dde-state.js';
import { ddeFreeParameters, ebic, ebicDegreesOfFreedom, ebicModelSize } from './ebic.js';

/**
 * A hand-countable two-layer Bernoulli state: J = 3 columns, K1 = 2, K2 = 1.
 * B1 slopes [[1, 0], [0, 2], [−1, 1]] (4 non-zero), B2 slopes [[3], [0]] (1 non-zero).
 */
const state: DdeState = {
  layers: [
    {
      coefficients: [
        [0.1, 1, 0],
        [0.2, 0, 2],
        [0.3, -1, 1],
      ],
      graph: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    },
    {
      coefficients: [
        [-1, 3],
        [0.5, 0],
      ],
      graph: [[1], [0]],
    },
  ],
  topProbabilities: [0.4],
  families: ['bernoulli', 'bernoulli', 'bernoulli'],
  columns: ['x1', 'x2', 'x3'],
};

describe('EBIC (reference scripts, ALGORITHMS.md §2.7)', () => {
  it('counts df = K2 + J + #B1 + K1 + #B2 + J and M = K2 + J(K1 + 1) + K1(K2 + 1) by hand', () => {
    // df = 1 + 3 + 4 + 2 + 1 + 3 = 14 (the last 3 is the script's "+ J", no parameter behind it for Bernoulli).
    expect(ebicDegreesOfFreedom(state)).toBe(14);
    // M = 1 + 3·3 + 2·2 = 14.
    expect(ebicModelSize(state)).toBe(14);
    // Honest count: 5 non-zero slopes + 5 intercepts + 1 top probability.
    expect(ddeFreeParameters(state)).toBe(11);
  });

  it('evaluates −2 logL + 2 df log N + 2γ[M log M − df log df − (M − df) log(M − df)]', () => {
    // df = 10, M = 40, N = 100, logL = −1000: 2000 + 20·log 100 + 2·(40 log 40 − 10 log 10 − 30 log 30).
    const want = 2000 + 20 * Math.log(100) + 2 * (40 * Math.log(40) - 10 * Math.log(10) - 30 * Math.log(30));
    expect(ebic(-1000, 100, 10, 40)).toBeCloseTo(want, 10);
    expect(ebic(-1000, 100, 10, 40, 0)).toBeCloseTo(2000 + 20 * Math.log(100), 10);
    // df = M: the bracket is M log M − M log M − 0 = 0.
    expect(ebic(-1000, 100, 14, 14)).toBeCloseTo(2000 + 28 * Math.log(100), 10);
    // df > M (dense graph with the "+ J"): x log x of a negative argument taken as 0, not NaN.
    expect(ebic(-1000, 100, 16, 14)).toBeCloseTo(2000 + 32 * Math.log(100) + 2 * (14 * Math.log(14) - 16 * Math.log(16)), 10);
  });
});
