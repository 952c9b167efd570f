import { dense, type Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { constantWeight, glorotUniform, type WeightValues, type Weights } from './weights.js';

/** Options of {@link initMlp}. */
export interface MlpInitOptions {
  /** Whether the first layer has a bias (default true). */
  readonly firstBias?: boolean;
  /** Initial value of the last layer's bias (default zeros). */
  readonly lastBias?: Float32Array;
}

/**
 * Add the weights of a multilayer perceptron with layer sizes `sizes` = [in, h1, …, out] to `out`,
 * as `${prefix}.w${l}` ([sizes[l], sizes[l+1]], Glorot uniform) and `${prefix}.b${l}` (zeros).
 */
export function initMlp(out: WeightValues, prefix: string, sizes: readonly number[], rng: Rng, opts: MlpInitOptions = {}): void {
  for (let l = 0; l + 1 < sizes.length; l++) {
    out[`${prefix}.w${l}`] = { shape: [sizes[l], sizes[l + 1]], values: glorotUniform(rng, sizes[l], sizes[l + 1]) };
    if (l === 0 && opts.firstBias === false) continue;
    const last = l + 2 === sizes.length;
    out[`${prefix}.b${l}`] = last && opts.lastBias ? { shape: [sizes[l + 1]], values: Float32Array.from(opts.lastBias) } : constantWeight([sizes[l + 1]]);
  }
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Apply ReLU after the last layer too (default false: the last layer is linear). */
  readonly activateLast?: boolean;
  /** Whether the input needs a gradient (default true); false for a layer fed by data. */
  readonly inputGrad?: boolean;
}

/**
 * Forward pass of the perceptron made by {@link initMlp}: h_{l+1} = ReLU(h_l·W_l + b_l), the last layer linear
 * unless `activateLast`. Layers use core's `dense`, whose gradient avoids wasm's slow transposed matMuls.
 */
export function mlp(w: Weights, prefix: string, x: tf.Tensor2D, opts: MlpOptions = {}): tf.Tensor2D {
  let h = x;
  const layers = countLayers(w, prefix);
  for (let l = 0; l < layers; l++) {
    const wl = w[`${prefix}.w${l}`] as tf.Tensor2D;
    const bl = w[`${prefix}.b${l}`] as tf.Tensor1D | undefined;
    h = dense(h, wl, bl, { inputGradient: l > 0 || opts.inputGrad !== false }) as tf.Tensor2D;
    if (l + 1 < layers || opts.activateLast) h = tf.relu(h);
  }
  return h;
}

const layerCounts = new WeakMap<Weights, Map<string, number>>();

/** Number of layers `${prefix}.w0`, `${prefix}.w1`, … present in `w` (cached per weights object). */
export function countLayers(w: Weights, prefix: string): number {
  let m = layerCounts.get(w);
  if (!m) layerCounts.set(w, (m = new Map()));
  let n = m.get(prefix);
  if (n === undefined) {
    n = 0;
    while (w[`${prefix}.w${n}`]) n++;
    m.set(prefix, n);
  }
  return n;
}
