// Kernels of the block-pool tests, imported by URL in the workers and directly in the calling thread.
import * as tf from '@tensorflow/tfjs-core';

/** Σ scale·x of each block (a float32 tensor sum), with the block's tensor cached across calls. */
export function blockSum(payload, blocks) {
  return blocks.map((b) => {
    let x = b.cache.get('x');
    if (!x) {
      x = tf.tensor1d(b.data.values);
      b.cache.set('x', x);
    }
    const s = tf.tidy(() => tf.sum(tf.mul(x, payload.scale)));
    const out = s.dataSync();
    s.dispose();
    return { sum: out, index: b.index, backend: tf.getBackend() };
  });
}

/** Fails with a two-line message. */
export function fail() {
  throw new Error('this kernel failed\n    at somewhere (kernel.js:1:1)');
}

/** Never finishes (until the worker is terminated). */
export function hang() {
  return new Promise(() => undefined);
}
