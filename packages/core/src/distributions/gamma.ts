import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { digammaT } from '../special/digamma-tensor.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { logGammaVariate } from './random-variates.js';
import { broadcastData, broadcastShapes, shapeOf, toFloat, xlogy } from './tensor-helpers.js';

/**
 * The gamma distribution on x > 0, parameterised by `concentration` (shape) α > 0 and `rate` β > 0
 * (torch's parameterisation; the scale is 1/β).
 *
 * Density: log p(x) = α·log β + (α − 1)·log x − βx − log Γ(α). Mean α/β, variance α/β².
 * `sample` draws in JS from the `Rng` with Marsaglia–Tsang (tfjs's `tf.randomGamma` takes only a scalar α);
 * there is no `rsample`.
 *
 * @example
 * ```ts
 * const g = new Gamma([0.5, 2], 1);
 * g.logProb(tf.tensor1d([0.3, 1.7]));
 * ```
 */
export class Gamma implements Distribution {
  readonly name = 'Gamma';
  /** Shape α > 0, as given. */
  readonly concentration: ParamInput;
  /** Rate β > 0 (the inverse scale), as given. */
  readonly rate: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * Gamma(α, β) with batch shape the broadcast shape of `concentration` and `rate` (positivity is not checked).
   * @throws Error if the shapes do not broadcast.
   * @param concentration Shape α > 0.
   * @param rate Rate β > 0.
   */
  constructor(concentration: ParamInput, rate: ParamInput) {
    this.concentration = concentration;
    this.rate = rate;
    this.batchShape = broadcastShapes(this.name, shapeOf(concentration), shapeOf(rate));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = toFloat(value);
      const a = toFloat(this.concentration);
      const b = toFloat(this.rate);
      const terms = tf.add(tf.mul(a, tf.log(b)), xlogy(tf.sub(a, 1), x));
      return tf.sub(tf.sub(terms, tf.mul(b, x)), lgammaT(a));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    const shape = [...sampleShape, ...this.batchShape];
    const [a, b] = broadcastData([this.concentration, this.rate], shape);
    const out = new Float32Array(a.length);
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(logGammaVariate(rng, a[i])) / b[i];
    return tf.tensor(out, shape, 'float32');
  }

  /** Entropy α − log β + log Γ(α) + (1 − α)ψ(α). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.concentration);
      const h = tf.add(tf.sub(a, tf.log(toFloat(this.rate))), tf.add(lgammaT(a), tf.mul(tf.sub(1, a), digammaT(a))));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  /** α/β. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(toFloat(this.concentration), toFloat(this.rate)), this.batchShape));
  }

  /** α/β². */
  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(toFloat(this.concentration), tf.square(toFloat(this.rate))), this.batchShape));
  }
}
