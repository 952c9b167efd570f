import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam, createOptimizer, sgd } from './optimizer.js';

beforeAll(async () => {
  await initBackend();
});

/** Minimise Σ (w − t)² from w₀ for `steps` steps; returns the iterates (float64 reference or tfjs). */
function referenceAdam(w0: number[], t: number[], lr: number, steps: number): number[][] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const out: number[][] = [];
  for (let s = 1; s <= steps; s++) {
    for (let i = 0; i < w.length; i++) {
      const g = 2 * (w[i] - t[i]);
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      w[i] -= (lr * (m[i] / (1 - b1 ** s))) / (Math.sqrt(v[i] / (1 - b2 ** s)) + eps);
    }
    out.push([...w]);
  }
  return out;
}

describe('optimizers', () => {
  it('adam follows the float64 reference update (Kingma & Ba, Algorithm 1)', () => {
    const before = tf.memory().numTensors;
    const w0 = [1, -2, 0.5];
    const t = tf.tensor1d([0.3, 0.3, 4]);
    const w = tf.tidy(() => tf.variable(tf.tensor1d(w0)));
    const opt = adam();
    const expected = referenceAdam(w0, [0.3, 0.3, 4], 0.1, 5);
    for (let s = 0; s < 5; s++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(w, t))) as tf.Scalar, [w]);
        opt.apply([w], grads, 0.1);
      });
      // float32 arithmetic: agreement to about 1e-6 relative.
      Array.from(w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[s][i], 5));
    }
    opt.dispose();
    tf.dispose([w, t]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('adam keeps per-variable moments, so a variable that joins late or misses a gradient is unaffected', () => {
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => tf.variable(tf.scalar(1)));
    const b = tf.tidy(() => tf.variable(tf.scalar(1)));
    const opt = adam();
    const stepOn = (vars: tf.Variable[]) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.addN(vars.map((v) => tf.square(v))) as tf.Scalar, vars);
        opt.apply([a, b], grads, 0.1);
      });
    stepOn([a]);
    stepOn([a]);
    stepOn([b]);
    // b's first Adam step moves it by lr (m̂/√v̂ = sign g), whatever a's history; a took two such steps.
    expect(b.dataSync()[0]).toBeCloseTo(0.9, 6);
    expect(a.dataSync()[0]).toBeCloseTo(referenceAdam([1], [0], 0.1, 2)[1][0], 6);
    opt.dispose();
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sgd steps against the gradient', () => {
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(w, tf.tensor1d([3, -1]))) as tf.Scalar, [w]);
      sgd().apply([w], grads, 0.5);
    });
    expect(Array.from(w.dataSync())).toEqual([-0.5, 2.5]);
    w.dispose();
  });

  it('rejects an unknown optimiser', () => {
    expect(() => createOptimizer('rmsprop' as never)).toThrow(`inference/vi: optimizer must be 'adam' or 'sgd', got "rmsprop"`);
  });
});
