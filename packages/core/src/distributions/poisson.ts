import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { poissonVariate } from './random-variates.js';
import { broadcastData, shapeOf, toFloat, xlogy } from './tensor-helpers.js';

/**
 * The Poisson distribution on {0, 1, 2, …}, parameterised by its `rate` λ ≥ 0.
 *
 * Mass: log p(k) = k·log λ − λ − log Γ(k + 1) (with 0·log 0 = 0). Mean and variance λ.
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
  readonly rate: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /** @param rate λ ≥ 0. */
  constructor(rate: ParamInput) {
    this.rate = rate;
    this.batchShape = shapeOf(rate);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const k = toFloat(value);
      const rate = toFloat(this.rate);
      return tf.sub(tf.sub(xlogy(k, rate), rate), lgammaT(tf.add(k, 1)));
    });
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
