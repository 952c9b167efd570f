import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, disposeReplaced, tensorsIn, tidyState } from './tensor-state.js';

beforeAll(async () => {
  await initBackend();
});

describe('tensor-state helpers', () => {
  it('tensorsIn finds tensors in nested objects and arrays, not in typed arrays', () => {
    const a = tf.scalar(1);
    const b = tf.scalar(2);
    const c = tf.scalar(3);
    expect(tensorsIn({ a, nested: { list: [b, 1, 'x', null, { c }] }, stats: new Float64Array(3) })).toEqual([a, b, c]);
    expect(tensorsIn(a)).toEqual([a]);
    expect(tensorsIn(42)).toEqual([]);
    tf.dispose([a, b, c]);
  });

  it('disposeReplaced frees the old tensors the new state does not hold', () => {
    const shared = tf.scalar(1);
    const old = { shared, gone: tf.scalar(2) };
    const next = { shared, fresh: tf.scalar(3) };
    disposeReplaced(old, next);
    expect([shared.isDisposed, old.gone.isDisposed, next.fresh.isDisposed]).toEqual([false, true, false]);
    disposeReplaced(next, undefined);
    expect([shared.isDisposed, next.fresh.isDisposed]).toEqual([true, true]);
  });

  it('disposeAll frees every tensor and tolerates disposed ones', () => {
    const s = { a: tf.scalar(1), b: [tf.scalar(2)] };
    s.a.dispose();
    const before = tf.memory().numTensors;
    disposeAll(s);
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('tidyState keeps the tensors of the result, frees intermediates and returns typed arrays as they are', () => {
    const before = tf.memory().numTensors;
    const stats = new Float64Array([1, 2]);
    const out = tidyState(() => {
      const x = tf.tensor1d([1, 2, 3]);
      const y = tf.mul(x, 2);
      return { y: tf.add(y, 1), stats, n: 3 };
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(out.y.dataSync())).toEqual([3, 5, 7]);
    expect(out.stats).toBe(stats);
    out.y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
