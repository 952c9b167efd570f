import * as tf from '@tensorflow/tfjs-core';

/**
 * Number of tensors alive in the tfjs engine, `tf.memory().numTensors`.
 * Read it before and after a sequence of calls: any difference is a leak (real memory on wasm, see BACKENDS.md).
 * @example
 * ```ts
 * const before = countTensors();
 * fitted.transform(data);
 * expect(countTensors()).toBe(before);
 * ```
 */
export function countTensors(): number {
  return tf.memory().numTensors;
}
