import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random/rng.js';
import { dense, usesTransposedGradient } from './dense.js';

beforeAll(async () => {
  await initBackend();
});

const randn = (seed: number, shape: number[]) => tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', createRng(seed).tfSeed()));

/** Largest |a − b| / (1 + |b|) over all entries (float32 products of length ≤ 64 agree to about 1e-6). */
function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])));
  return m;
}

/** Gradients of a non-linear scalar loss L = Σ sin(dense(x, W, b))·c with respect to x, W and b. */
function gradsOf(gradient: 'transposed' | 'builtin', x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | undefined, c: tf.Tensor) {
  const inputs = b ? [x, w, b] : [x, w];
  return tf.tidy(() => {
    const f = (...args: tf.Tensor[]) => tf.sum(tf.mul(tf.sin(dense(args[0], args[1], args[2], { gradient })), c));
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    return [value, ...grads];
  });
}

describe('dense', () => {
  it('computes x·W + b with leading batch axes restored', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [-1, 0],
        [0.5, 2],
      ],
    ]);
    const w = tf.tensor2d([
      [1, 0, 2],
      [-1, 1, 0.5],
    ]);
    const b = tf.tensor1d([0.1, 0.2, 0.3]);
    for (const gradient of ['transposed', 'builtin'] as const) {
      const y = dense(x, w, b, { gradient });
      expect(y.shape).toEqual([2, 2, 3]);
      // Row [1, 2]: [1·1 + 2·(−1), 2, 1·2 + 2·0.5] + b.
      expect(Array.from(y.dataSync()).slice(0, 3)).toEqual([-1 + 0.1, 2 + 0.2, 3 + 0.3].map(Math.fround));
      y.dispose();
    }
    tf.dispose([x, w, b]);
  });

  for (const [label, xShape, bias] of [
    ['a matrix input with bias', [32, 17], true],
    ['a matrix input without bias', [32, 17], false],
    ['a rank-3 input (particles × rows × features)', [3, 8, 17], true],
  ] as const) {
    it(`has the built-in gradient for ${label}`, () => {
      const before = tf.memory().numTensors;
      const x = randn(1, [...xShape]);
      const w = randn(2, [17, 9]);
      const b = bias ? randn(3, [9]) : undefined;
      const c = randn(4, [...xShape.slice(0, -1), 9]);
      const custom = gradsOf('transposed', x, w, b, c);
      const builtin = gradsOf('builtin', x, w, b, c);
      expect(custom).toHaveLength(bias ? 4 : 3);
      custom.forEach((t, i) => expect(maxRelDiff(t, builtin[i])).toBeLessThan(1e-5));
      tf.dispose([x, w, ...(b ? [b] : []), c, ...custom, ...builtin]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('returns a zero input gradient and the same weight gradients with inputGradient: false', () => {
    const before = tf.memory().numTensors;
    const x = randn(7, [6, 5]);
    const w = randn(8, [5, 4]);
    const b = randn(9, [4]);
    const grads = (inputGradient: boolean) =>
      tf.tidy(() =>
        tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(dense(xx, ww, bb, { gradient: 'transposed', inputGradient }))))([x, w, b]),
      );
    const [dx0, dw0, db0] = grads(false);
    const [dx1, dw1, db1] = grads(true);
    expect(Array.from(dx0.dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(dx1.dataSync()).some((v) => v !== 0)).toBe(true);
    expect(maxRelDiff(dw0, dw1)).toBe(0);
    expect(maxRelDiff(db0, db1)).toBe(0);
    tf.dispose([x, w, b, dx0, dw0, db0, dx1, dw1, db1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains variables through tf.variableGrads without leaking', () => {
    const w = tf.tidy(() => tf.variable(randn(5, [4, 3])));
    const b = tf.tidy(() => tf.variable(tf.zeros([3])));
    const x = randn(6, [10, 4]);
    const before = tf.memory().numTensors;
    const gradsFor = (gradient: 'transposed' | 'builtin') =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(dense(x, w, b, { gradient }))) as tf.Scalar, [w, b]);
        return [value, grads[w.name], grads[b.name]];
      });
    const custom = gradsFor('transposed');
    const builtin = gradsFor('builtin');
    custom.forEach((t, i) => expect(maxRelDiff(t, builtin[i])).toBeLessThan(1e-5));
    tf.dispose([...custom, ...builtin]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b, x]);
  });

  it("uses the transposed gradient under 'auto' exactly on the wasm backend", () => {
    expect(usesTransposedGradient()).toBe(tf.getBackend() === 'wasm');
  });

  it('rejects mismatched shapes with a one-line message', () => {
    const before = tf.memory().numTensors;
    const [x, w, x4, b4] = [tf.zeros([2, 3]), tf.zeros([4, 5]), tf.zeros([2, 4]), tf.zeros([4])];
    expect(() => dense(x, w)).toThrow("dense: the inputs' last axis must have 4 entries (the kernel's rows), got shape [2,3]");
    expect(() => dense(x4, w, b4)).toThrow('dense: the bias must have shape [5], got [4]');
    expect(() => dense(x4, b4)).toThrow('dense: the kernel must be a matrix [in, out], got shape [4]');
    tf.dispose([x, w, x4, b4]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
