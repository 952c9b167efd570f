import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { NestedNumbers, ParamInput } from './distribution.js';

/** Machine epsilon of float32, the clamp torch's `clamp_probs` uses. */
export const FLOAT32_EPS = 1.1920928955078125e-7;
export const LOG_2PI = 1.8378770664093453;

export function toFloat(p: ParamInput): tf.Tensor {
  if (p instanceof tf.Tensor) return p.dtype === 'float32' ? p : tf.cast(p, 'float32');
  return tf.tensor(p as number | number[], undefined, 'float32');
}

export function shapeOf(p: ParamInput): number[] {
  if (p instanceof tf.Tensor) return p.shape.slice();
  const shape: number[] = [];
  let cur: number | NestedNumbers = p;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

export function broadcastShapes(name: string, ...shapes: number[][]): number[] {
  try {
    return shapes.reduce((a, b) => tf.broadcast_util.assertAndGetBroadcastShape(a, b), []);
  } catch {
    throw new Error(`${name}: parameter shapes ${shapes.map((s) => `[${s}]`).join(', ')} do not broadcast`);
  }
}

export function clampProbs(t: tf.Tensor): tf.Tensor {
  return tf.clipByValue(t, FLOAT32_EPS, 1 - FLOAT32_EPS);
}

/** Uniform draws clamped to [ε, 1 − ε], like torch's `clamp_probs(torch.rand(...))`. */
export function uniform(rng: Rng, shape: number[]): tf.Tensor {
  return clampProbs(tf.randomUniform(shape, 0, 1, 'float32', rng.tfSeed()));
}

export function standardNormal(rng: Rng, shape: number[]): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', rng.tfSeed());
}

const blockGradient = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy) => tf.zerosLike(dy),
}));

export function stopGradient(x: tf.Tensor): tf.Tensor {
  return blockGradient(x);
}

/** x·log y with the convention 0·log 0 = 0 (torch's `xlogy`). */
export function xlogy(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.where(tf.equal(x, 0), 0, tf.mul(x, tf.log(y)));
}

/** Parameters broadcast to `shape` and read into JS, for samplers that draw in JS. */
export function broadcastData(params: ParamInput[], shape: number[]): Float32Array[] {
  const ts = tf.tidy(() => params.map((p) => tf.broadcastTo(toFloat(p), shape)));
  const data = ts.map((t) => t.dataSync() as Float32Array);
  tf.dispose(ts);
  return data;
}

export function squeezeAxis(x: tf.Tensor, axis: number, index: number): tf.Tensor {
  const ax = axis < 0 ? x.rank + axis : axis;
  const begin = x.shape.map((_, i) => (i === ax ? index : 0));
  const size = x.shape.map((_, i) => (i === ax ? 1 : -1));
  return tf.squeeze(tf.slice(x, begin, size), [ax]);
}

/** Sum a broadcast gradient `g` back to the shape of the input it flowed to. */
export function reduceToShape(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

/**
 * `fn(...inputs)` computed off the gradient tape, with zero gradients to `inputs`: for draws made with ops that
 * have no gradient (comparisons, argMax), so that a draw from a parameter being trained does not break `tf.grad`.
 */
export function offTape(inputs: readonly tf.Tensor[], fn: (...xs: tf.Tensor[]) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: fn(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return op(...inputs);
}

/** Gumbel(0, 1) noise g = −log(−log u), u uniform on [ε, 1 − ε]. */
export function gumbel(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(uniform(rng, shape))))));
}
