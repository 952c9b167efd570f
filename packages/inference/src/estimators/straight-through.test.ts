import { createRng, initBackend } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { straightThrough } from './straight-through.js';

beforeAll(async () => {
  await initBackend();
});

const estimator = straightThrough.create();
const ctx = (seed: number): ViContext => ({ rng: createRng(seed), estimator, klWeight: 1, nParticles: 1, temperature: 1, step: 0, epoch: 0, training: true });

describe('estimators/straight-through', () => {
  it('passes exact one-hot samples forward and the softmax Jacobian backward', () => {
    const before = tf.memory().numTensors;
    const logits = tf.tensor2d([
      [0.2, -0.4, 0.5],
      [2, 0, -1],
    ]);
    const a = tf.tensor1d([1, 2, -1]);
    let z!: number[];
    const grad = tf.grad((l: tf.Tensor) => {
      const sample = estimator.categorical!(l, ctx(5));
      z = Array.from(sample.z.dataSync());
      // f(z) = (z·a)²: ∂f/∂z = 2(z·a)·a at the hard sample.
      return tf.sum(sample.surrogate(tf.square(tf.sum(tf.mul(sample.z, a), 1))));
    })(logits);
    for (let r = 0; r < 2; r++) {
      const row = z.slice(3 * r, 3 * r + 3);
      expect(row.filter((v) => v === 1)).toHaveLength(1);
      expect(row.filter((v) => v === 0)).toHaveLength(2);
    }
    const l = logits.arraySync() as number[][];
    const g = grad.arraySync() as number[][];
    const av = [1, 2, -1];
    l.forEach((row, r) => {
      const e = row.map(Math.exp);
      const s = e.reduce((x, y) => x + y, 0);
      const p = e.map((v) => v / s);
      const za = z.slice(3 * r, 3 * r + 3).reduce((acc, v, k) => acc + v * av[k], 0);
      const pa = p.reduce((acc, v, k) => acc + v * av[k], 0);
      // (∂p/∂ℓ)ᵀ·∂f/∂z = 2(z·a)·p_j(a_j − p·a).
      p.forEach((pj, j) => expect(g[r][j]).toBeCloseTo(2 * za * pj * (av[j] - pa), 5));
    });
    tf.dispose([logits, a, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes exact 0/1 Bernoulli samples forward and σ′(ℓ) backward', () => {
    const logits = tf.tensor2d([[0.3, -1.2, 2]]);
    let z!: number[];
    const grad = tf.grad((l: tf.Tensor) => {
      const sample = estimator.bernoulli!(l, ctx(9));
      z = Array.from(sample.z.dataSync());
      return tf.sum(sample.surrogate(tf.sum(tf.mul(sample.z, tf.tensor1d([1, 2, 3])), 1)));
    })(logits);
    expect(z.every((v) => v === 0 || v === 1)).toBe(true);
    const g = Array.from(grad.dataSync());
    [0.3, -1.2, 2].forEach((l, d) => {
      const p = 1 / (1 + Math.exp(-l));
      expect(g[d]).toBeCloseTo((d + 1) * p * (1 - p), 5);
    });
    tf.dispose([logits, grad]);
  });

  it('reparameterises Gaussian latents', () => {
    expect(straightThrough.supports).toEqual(['gaussian', 'bernoulli', 'categorical']);
    tf.tidy(() => {
      const grad = tf.grad((loc: tf.Tensor) => tf.sum(estimator.gaussian!(loc, tf.zeros([2, 1]), ctx(1)).z))(tf.zeros([2, 1]));
      expect(Array.from(grad.dataSync())).toEqual([1, 1]);
    });
  });
});
