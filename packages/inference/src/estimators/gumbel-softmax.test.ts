import { createRng, initBackend } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gumbelSoftmax } from './gumbel-softmax.js';

beforeAll(async () => {
  await initBackend();
});

const estimator = gumbelSoftmax.create();
const ctx = (seed: number, temperature: number): ViContext => ({
  rng: createRng(seed),
  estimator,
  klWeight: 1,
  nParticles: 1,
  temperature,
  step: 0,
  epoch: 0,
  training: true,
});

describe('estimators/gumbel-softmax', () => {
  for (const tau of [0.3, 1, 2]) {
    it(`draws points of the simplex with the pathwise gradient (diag y − yyᵀ)/τ at τ = ${tau}`, () => {
      const before = tf.memory().numTensors;
      const logits = tf.tensor2d([
        [0.2, -0.4, 0.5],
        [2, 0, -1],
        [0, 0, 0],
      ]);
      const a = tf.tensor1d([1, 2, -1]);
      let y!: number[];
      const grad = tf.grad((l: tf.Tensor) => {
        const sample = estimator.categorical!(l, ctx(3, tau));
        y = Array.from(sample.z.dataSync());
        return tf.sum(sample.surrogate(tf.sum(tf.mul(sample.z, a), 1)));
      })(logits);
      const g = Array.from(grad.dataSync());
      const av = [1, 2, -1];
      for (let r = 0; r < 3; r++) {
        const row = y.slice(3 * r, 3 * r + 3);
        expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
        const ya = row.reduce((s, v, k) => s + v * av[k], 0);
        // ∂(y·a)/∂ℓ_j = y_j(a_j − y·a)/τ.
        row.forEach((yj, j) => expect(g[3 * r + j]).toBeCloseTo((yj * (av[j] - ya)) / tau, 5));
      }
      tf.dispose([logits, a, grad]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('draws binary Concrete values in (0, 1) with gradient y(1 − y)/τ', () => {
    tf.tidy(() => {
      const tau = 0.5;
      const logits = tf.tensor2d([[0.3, -1, 2, 0]]);
      let y!: number[];
      const grad = tf.grad((l: tf.Tensor) => {
        const sample = estimator.bernoulli!(l, ctx(4, tau));
        y = Array.from(sample.z.dataSync());
        return tf.sum(sample.z);
      })(logits);
      y.forEach((v, d) => {
        expect(v > 0 && v < 1).toBe(true);
        expect(grad.dataSync()[d]).toBeCloseTo((v * (1 - v)) / tau, 5);
      });
    });
  });

  it('needs a positive temperature', () => {
    tf.tidy(() => {
      expect(() => estimator.bernoulli!(tf.zeros([1, 1]), ctx(0, 0))).toThrow('estimators/gumbel-softmax needs a temperature > 0, got 0');
    });
  });
});
