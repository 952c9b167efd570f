import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientOnly, stopGradient, sumPerSample } from './stop-gradient.js';

beforeAll(async () => {
  await initBackend();
});

describe('stopGradient and gradientOnly', () => {
  it('stopGradient passes the value and no gradient; gradientOnly is 0 with the gradient of t', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0.5, -2, 3]);
      expect(Array.from(stopGradient(x).dataSync())).toEqual([0.5, -2, 3]);
      // d/dx Σ (x² + stopGradient(x²)) = 2x: the stopped term contributes nothing.
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.square(v), stopGradient(tf.square(v)))))(x);
      expect(Array.from(g.dataSync())).toEqual([1, -4, 6]);
      // gradientOnly(x²) is exactly 0 in value, with gradient 2x.
      expect(Array.from(gradientOnly(tf.square(x)).dataSync())).toEqual([0, 0, 0]);
      const h = tf.grad((v: tf.Tensor) => tf.sum(gradientOnly(tf.square(v))))(x);
      expect(Array.from(h.dataSync())).toEqual([1, -4, 6]);
    });
  });
});

describe('sumPerSample', () => {
  it('keeps a [n] tensor and sums every axis after the first of [n, …] tensors', () => {
    tf.tidy(() => {
      expect(Array.from(sumPerSample(tf.tensor1d([1, -2, 4])).dataSync())).toEqual([1, -2, 4]);
      const two = sumPerSample(
        tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      );
      expect(two.shape).toEqual([2]);
      expect(Array.from(two.dataSync())).toEqual([6, 15]);
      // [2, 3, 2]: sample 0 holds 0…5 (sum 15), sample 1 holds 6…11 (sum 51).
      const three = sumPerSample(
        tf.tensor3d(
          Array.from({ length: 12 }, (_, i) => i),
          [2, 3, 2],
        ),
      );
      expect(three.shape).toEqual([2]);
      expect(Array.from(three.dataSync())).toEqual([15, 51]);
    });
  });
});
