import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Initial or saved values of one weight tensor (float32, row-major). */
export interface WeightValue {
  /** The tensor's shape, e.g. [in, out] for a dense layer's kernel. */
  readonly shape: readonly number[];
  /** The values, as many as the product of `shape`, row-major. */
  readonly values: Float32Array;
}

/** Named weight values, before they become variables or after they are read back. */
export type WeightValues = Record<string, WeightValue>;

/** Named trainable weights of a network. */
export type Weights = Readonly<Record<string, tf.Variable>>;

/** A nested number array of a saved weight: `number[]` for vectors, `number[][]` for matrices. */
export type NestedNumbers = number | NestedNumbers[];

/**
 * Glorot (Xavier) uniform initialisation: W_ij ~ U(−l, l) with l = √(6 / (fanIn + fanOut)), drawn from `rng`.
 * @example
 * ```ts
 * const w = glorotUniform(createRng(0), 784, 256); // 784·256 values
 * ```
 * References: X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
 */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.uniform() - 1) * limit;
  return out;
}

/** A weight of the given shape filled with `value`. */
export function constantWeight(shape: readonly number[], value = 0): WeightValue {
  return { shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value) };
}

/** Turn weight values into tfjs variables (the caller owns them). */
export function toVariables(values: WeightValues): Weights {
  return tf.tidy(() => {
    const out: Record<string, tf.Variable> = {};
    for (const [name, v] of Object.entries(values)) out[name] = tf.variable(tf.tensor(v.values, [...v.shape], 'float32'), true);
    return out;
  });
}

/** Read every variable back into float32 arrays. */
export function readWeights(weights: Weights): WeightValues {
  const out: WeightValues = {};
  for (const [name, v] of Object.entries(weights)) out[name] = { shape: v.shape, values: v.dataSync() as Float32Array };
  return out;
}

/** Dispose every variable of `weights`. */
export function disposeWeights(weights: Weights): void {
  for (const v of Object.values(weights)) if (!v.isDisposed) v.dispose();
}

/** Weights as nested number arrays (exact: float32 values are representable as JSON numbers). */
export function weightsToJson(weights: Weights): Record<string, NestedNumbers> {
  const out: Record<string, NestedNumbers> = {};
  for (const [name, v] of Object.entries(readWeights(weights))) out[name] = nest(v.values, v.shape);
  return out;
}

/**
 * Parse saved nested arrays back to weight values, checking that every expected weight is present with its shape.
 * @throws Error naming the weight and the expected shape.
 */
export function weightsFromJson(json: unknown, expected: WeightValues, who: string): WeightValues {
  if (!json || typeof json !== 'object') throw new Error(`${who} model file: state.weights is missing`);
  const out: WeightValues = {};
  for (const [name, spec] of Object.entries(expected)) {
    const flat: number[] = [];
    const v = (json as Record<string, unknown>)[name];
    if (v === undefined) throw new Error(`${who} model file: state.weights.${name} is missing`);
    if (!flatten(v, spec.shape, 0, flat))
      throw new Error(`${who} model file: state.weights.${name} must be a nested array of shape [${spec.shape.join(', ')}] of finite numbers`);
    out[name] = { shape: spec.shape, values: Float32Array.from(flat) };
  }
  return out;
}

function nest(values: Float32Array, shape: readonly number[]): NestedNumbers {
  if (shape.length === 0) return values[0];
  if (shape.length === 1) return Array.from(values);
  const inner = shape.slice(1);
  const size = inner.reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] }, (_, i) => nest(values.subarray(i * size, (i + 1) * size), inner));
}

function flatten(v: unknown, shape: readonly number[], depth: number, out: number[]): boolean {
  if (depth === shape.length) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    out.push(v);
    return true;
  }
  if (!Array.isArray(v) || v.length !== shape[depth]) return false;
  for (const e of v) if (!flatten(e, shape, depth + 1, out)) return false;
  return true;
}
