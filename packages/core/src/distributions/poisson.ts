import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { poissonVariate } from './random-variates.js';
import { broadcastData, shapeOf, toFloat } from './tensor-helpers.js';

/**
 * Elementwise Poisson log mass from the log rate η = log λ (a decoder's natural output):
 * log p(k) = k·η − e^η − log Γ(k + 1), with 0·η = 0 at k = 0 (so λ = 0 gives log p(0) = 0).
 * With `includeLogFactorial` false the term −log Γ(k + 1), which does not depend on λ, is left out: callers that
 * evaluate fixed data many times precompute it once (in float64). k and η broadcast; gradients flow to η.
 * {@link Poisson.logProb} evaluates this with η = log λ.
 *
 * @param value Counts k ≥ 0.
 * @param logRate η = log λ.
 * @param includeLogFactorial Whether to subtract log k! (default true).
 * @example
 * ```ts
 * const logLik = tf.add(tf.sum(poissonLogProb(counts, decoderLogRate, false), 1), logNormPerRow);
 * ```
 */
export function poissonLogProb(value: tf.Tensor, logRate: tf.Tensor, includeLogFactorial = true): tf.Tensor {
  return tf.tidy(() => {
    const k = tf.cast(value, 'float32');
    const unnormalised = tf.sub(tf.where(tf.equal(k, 0), 0, tf.mul(k, logRate)), tf.exp(logRate));
    return includeLogFactorial ? tf.sub(unnormalised, lgammaT(tf.add(k, 1))) : unnormalised;
  });
}

/**
 * The Poisson distribution on {0, 1, 2, …}, parameterised by its `rate` λ ≥ 0.
 *
 * Mass: log p(k) = k·log λ − λ − log Γ(k + 1) (with 0·log 0 = 0; see {@link poissonLogProb}). Mean and variance λ.
 * `sample` draws in JS from the `Rng` (inversion for λ < 10, Hörmann's PTRS above) and returns float32 counts.
 *
 * @example
 * ```ts
 * const lik = new Poisson(tf.exp(logRate));
 * const ll = lik.logProb(counts);
 * ```
 */
export class Poisson implements Distribution {
  readonly name = 'Poisson';
  /** Rate λ ≥ 0 (mean and variance), as given. */
  readonly rate: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * Poisson(λ) with batch shape the shape of `rate` (non-negativity is not checked).
   * @param rate λ ≥ 0.
   */
  constructor(rate: ParamInput) {
    this.rate = rate;
    this.batchShape = shapeOf(rate);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => poissonLogProb(toFloat(value), tf.log(toFloat(this.rate))));
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    const shape = [...sampleShape, ...this.batchShape];
    const [rate] = broadcastData([this.rate], shape);
    const out = new Float32Array(rate.length);
    for (let i = 0; i < out.length; i++) out[i] = poissonVariate(rng, rate[i]);
    return tf.tensor(out, shape, 'float32');
  }

  /** λ, broadcast to the batch shape. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.rate), this.batchShape));
  }

  /** λ, broadcast to the batch shape. */
  get variance(): tf.Tensor {
    return this.mean;
  }
}
