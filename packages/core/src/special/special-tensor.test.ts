import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { digamma } from './digamma.js';
import { digammaT } from './digamma-tensor.js';
import { lgamma } from './lgamma.js';
import { lgammaT } from './lgamma-tensor.js';
import { log1pT } from './log1p-tensor.js';
import { log1pexpT } from './log1pexp-tensor.js';
import { log1pexp, sigmoid } from './logistic.js';

beforeAll(async () => {
  await initBackend();
});

const XS = [1e-3, 0.05, 0.3, 0.5, 0.9, 1, 1.2, 1.4616, 1.7, 2, 2.5, 3.3, 5, 7.5, 12, 30, 100, 1e3, 1e5];

/** Compare a float32 tensor op with its float64 scalar counterpart at the float32-rounded inputs. */
function compare(op: (x: tf.Tensor) => tf.Tensor, scalar: (x: number) => number, xs: number[], rtol: number, atol: number) {
  const before = tf.memory().numTensors;
  const x = tf.tensor1d(xs);
  const y = op(x);
  const got = y.dataSync();
  x.dispose();
  y.dispose();
  expect(tf.memory().numTensors).toBe(before);
  xs.forEach((v, i) => {
    const want = scalar(Math.fround(v));
    expect(Math.abs(got[i] - want), `at x = ${v}: ${got[i]} vs ${want}`).toBeLessThanOrEqual(rtol * Math.abs(want) + atol);
  });
}

describe('lgammaT', () => {
  it('agrees with the float64 lgamma to 1e-5 relative (plus 4e-6 absolute near its zeros)', () => {
    // float32 rounding of the shifted Stirling value (|lgamma(x + 6)| ≲ 10) minus Σ log(x + k) leaves ~1e-6 absolute.
    compare(lgammaT, lgamma, XS, 1e-5, 4e-6);
  });

  it('has gradient digamma (to 1e-4 relative)', () => {
    const xs = [0.3, 1, 2.5, 10];
    const g = tf.grad((x: tf.Tensor) => tf.sum(lgammaT(x)))(tf.tensor1d(xs));
    const got = g.dataSync();
    g.dispose();
    xs.forEach((x, i) => expect(Math.abs(got[i] - digamma(x))).toBeLessThanOrEqual(1e-4 * Math.abs(digamma(x)) + 1e-5));
  });
});

describe('digammaT', () => {
  it('agrees with the float64 digamma to 1e-5 relative (plus 2e-6 absolute near its zero)', () => {
    compare(digammaT, digamma, XS, 1e-5, 2e-6);
  });
});

describe('log1pT', () => {
  it('agrees with Math.log1p to 1e-6 relative down to 1e-30, where tf.log1p on wasm returns 0', () => {
    compare(log1pT, Math.log1p, [-0.5, -1e-3, -1e-9, 1e-30, 1e-12, 1e-7, 1e-3, 0.5, 3, 1e6], 1e-6, 0);
  });

  it('has gradient 1/(1 + x)', () => {
    const xs = [-0.5, 0, 1e-9, 2];
    const g = tf.grad((t: tf.Tensor) => tf.sum(log1pT(t)))(tf.tensor1d(xs));
    const got = g.dataSync();
    g.dispose();
    xs.forEach((v, i) => expect(Math.abs(got[i] - 1 / (1 + v))).toBeLessThanOrEqual(1e-6 / (1 + v)));
  });
});

describe('log1pexpT', () => {
  it('agrees with the float64 log1pexp to 1e-6 relative over ±80 without overflow', () => {
    compare(log1pexpT, log1pexp, [-80, -20, -1, -1e-3, 0, 1e-3, 1, 20, 80], 1e-6, 0);
  });

  it('has gradient σ(x), including ½ at 0', () => {
    const xs = [-30, -1, 0, 2, 30];
    const before = tf.memory().numTensors;
    const x = tf.tensor1d(xs);
    const g = tf.grad((t: tf.Tensor) => tf.sum(log1pexpT(t)))(x);
    const got = g.dataSync();
    tf.dispose([x, g]);
    expect(tf.memory().numTensors).toBe(before);
    xs.forEach((v, i) => expect(Math.abs(got[i] - sigmoid(v))).toBeLessThanOrEqual(1e-6 * sigmoid(v)));
  });
});
