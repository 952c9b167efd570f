import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mgdaDirection, sharedGram } from './mgda-direction.js';

beforeAll(async () => {
  await initBackend();
});

const read = (m: tf.NamedTensorMap) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('mgdaDirection', () => {
  // Shared w with g₁[w] = (1, 0), g₂[w] = (0, 2): G = [[1, 0], [0, 4]], α₁ = (4 − 0)/(1 + 4 − 0) = 0.8, so
  // d[w] = 0.8·(1, 0) + 0.2·(0, 2) = (0.8, 0.4). Private a (task 1) has gradient 3, private b (task 2) gradient 5.
  const grads = () => [
    { w: tf.tensor1d([1, 0]), a: tf.tensor1d([3]) },
    { w: tf.tensor1d([0, 2]), b: tf.tensor1d([5]) },
  ];

  it('combines the shared gradients with the min-norm weights and gives each task its own private gradient', () => {
    const g = grads();
    const before = tf.memory().numTensors;
    const { direction, weights } = mgdaDirection(g, ['w'], [['a'], ['b']], 'own');
    expect(weights[0]).toBeCloseTo(0.8, 6);
    expect(weights[1]).toBeCloseTo(0.2, 6);
    const d = read(direction);
    expect(d.w[0]).toBeCloseTo(0.8, 6);
    expect(d.w[1]).toBeCloseTo(0.4, 6);
    expect(d.a).toEqual([3]);
    expect(d.b).toEqual([5]);
    tf.dispose(direction);
    expect(tf.memory().numTensors).toBe(before);
    g.forEach((m) => tf.dispose(m));
  });

  it("scales each task's private gradient by its weight with 'scaled'", () => {
    const g = grads();
    const { direction } = mgdaDirection(g, ['w'], [['a'], ['b']], 'scaled');
    const d = read(direction);
    expect(d.a[0]).toBeCloseTo(2.4, 5);
    expect(d.b[0]).toBeCloseTo(1, 5);
    tf.dispose(direction);
    g.forEach((m) => tf.dispose(m));
  });

  it('treats a missing shared gradient as zero', () => {
    const g = [{ w: tf.tensor1d([1, 0]), v: tf.tensor1d([2]) }, { w: tf.tensor1d([0, 2]) }];
    // G = [[1 + 4, 0], [0, 4]]: α₁ = 4/9.
    expect(sharedGram(g, ['w', 'v'])).toEqual([
      [5, 0],
      [0, 4],
    ]);
    const { direction, weights } = mgdaDirection(g, ['w', 'v'], [[], []], 'own');
    expect(weights[0]).toBeCloseTo(4 / 9, 6);
    expect(read(direction).v[0]).toBeCloseTo((2 * 4) / 9, 5);
    tf.dispose(direction);
    g.forEach((m) => tf.dispose(m));
  });
});
