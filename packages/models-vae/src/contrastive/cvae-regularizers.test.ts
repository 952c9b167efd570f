import { createRng, initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hsic, mmd, wassersteinToZero } from './cvae-regularizers.js';

beforeAll(async () => {
  await initBackend();
});

const value = (f: () => tf.Scalar): number => {
  const s = tf.tidy(f);
  const v = s.dataSync()[0];
  s.dispose();
  return v;
};

describe('regularisers against direct computations (float32: rtol 1e-4)', () => {
  it('MMD with one known kernel: x = {0}, y = {1}, γ = 1 gives 1 + 1 − 2e^{-1}', () => {
    const got = value(() => mmd(tf.tensor2d([[0]]), tf.tensor2d([[1]]), [1]));
    expect(got).toBeCloseTo(2 - 2 * Math.exp(-1), 5);
  });

  it('MMD of two-point samples with two kernels equals the double sum', () => {
    const x = [
      [0, 0],
      [1, 0],
    ];
    const y = [
      [0, 2],
      [1, 1],
    ];
    const gammas = [0.5, 2];
    const k = (a: number[], b: number[]) => gammas.reduce((s, g) => s + Math.exp(-g * ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)), 0);
    const mean = (p: number[][], q: number[][]) => p.reduce((s, a) => s + q.reduce((t, b) => t + k(a, b), 0), 0) / (p.length * q.length);
    const want = mean(x, x) + mean(y, y) - 2 * mean(x, y);
    expect(value(() => mmd(tf.tensor2d(x), tf.tensor2d(y), gammas))).toBeCloseTo(want, 4);
    expect(value(() => mmd(tf.tensor2d(x), tf.tensor2d(x), gammas))).toBe(0);
  });

  it('HSIC is near 0 for independent and clearly positive for dependent samples', () => {
    const rng = createRng(4);
    const n = 200;
    const a = Array.from({ length: n }, () => [rng.normal()]);
    const b = Array.from({ length: n }, () => [rng.normal()]);
    const indep = value(() => hsic(tf.tensor2d(a), tf.tensor2d(b)));
    const dep = value(() => hsic(tf.tensor2d(a), tf.tensor2d(a.map(([v]) => [v * v + 0.01 * rng.normal()]))));
    // Biased HSIC of independent samples is O(1/n); the dependent (nonlinear, uncorrelated) pair is an order larger.
    expect(indep).toBeGreaterThanOrEqual(-1e-6);
    expect(indep).toBeLessThan(0.01);
    expect(dep).toBeGreaterThan(5 * indep + 0.01);
  });

  it('HSIC of two rows equals the closed form (1/n²)·tr(KHLH) with median-heuristic widths', () => {
    // Two points: σ² is the one squared distance, so both off-diagonal kernel values are e^{-1/2} and L = K.
    const k = Math.exp(-0.5);
    const K = [
      [1, k],
      [k, 1],
    ];
    const H = [
      [0.5, -0.5],
      [-0.5, 0.5],
    ];
    const mul = (p: number[][], q: number[][]) => p.map((r) => q[0].map((_, j) => r.reduce((s, v, i) => s + v * q[i][j], 0)));
    const m = mul(mul(mul(K, H), K), H);
    const want = (m[0][0] + m[1][1]) / 4;
    expect(value(() => hsic(tf.tensor2d([[0], [3]]), tf.tensor2d([[1], [-1]])))).toBeCloseTo(want, 5);
  });

  it('Wasserstein term: mean over rows of ‖μ‖² + Σσ²', () => {
    const got = value(() =>
      wassersteinToZero(
        tf.tensor2d([
          [1, 2],
          [0, 0],
        ]),
        tf.tensor2d([
          [0, Math.log(2)],
          [Math.log(0.5), 0],
        ]),
      ),
    );
    expect(got).toBeCloseTo((1 + 4 + 1 + 4 + (0.25 + 1)) / 2, 5);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    value(() => tf.add(mmd(tf.ones([3, 2]), tf.zeros([2, 2])), hsic(tf.randomNormal([5, 2], 0, 1, 'float32', 1), tf.randomNormal([5, 1], 0, 1, 'float32', 2))));
    expect(tf.memory().numTensors).toBe(before);
  });
});
