import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { log1pT } from '../special/log1p-tensor.js';
import type { ParamInput, ReparameterizedDistribution } from './distribution.js';
import { broadcastShapes, FLOAT32_EPS, shapeOf, stopGradient, toFloat } from './tensor-helpers.js';

/**
 * The Laplace (double exponential) distribution, parameterised by `loc` μ and `scale` b > 0.
 *
 * Density: p(x) = exp(−|x − μ| / b) / (2b), so log p(x) = −log 2b − |x − μ|/b. Mean μ, variance 2b².
 * `rsample` inverts the CDF as torch does: x = μ − b·sign(u)·log(1 − |u|) with u ~ U(ε − 1, 1).
 *
 * @example
 * ```ts
 * const prior = new Laplace(0, 1);
 * const lp = prior.logProb(z);
 * ```
 */
export class Laplace implements ReparameterizedDistribution {
  readonly name = 'Laplace';
  /** Location μ (median and mean), as given. */
  readonly loc: ParamInput;
  /** Scale b > 0, as given: the variance is 2b². */
  readonly scale: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * Laplace(μ, b) with batch shape the broadcast shape of `loc` and `scale` (positivity is not checked).
   * @throws Error if the shapes do not broadcast.
   * @param loc Location μ (the median and mean).
   * @param scale Scale b > 0.
   */
  constructor(loc: ParamInput, scale: ParamInput) {
    this.loc = loc;
    this.scale = scale;
    this.batchShape = broadcastShapes(this.name, shapeOf(loc), shapeOf(scale));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const scale = toFloat(this.scale);
      const dev = tf.abs(tf.sub(toFloat(value), toFloat(this.loc)));
      return tf.neg(tf.add(tf.log(tf.mul(scale, 2)), tf.div(dev, scale)));
    });
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform([...sampleShape, ...this.batchShape], FLOAT32_EPS - 1, 1, 'float32', rng.tfSeed());
      const e = tf.mul(tf.sign(u), log1pT(tf.neg(tf.abs(u))));
      return tf.sub(toFloat(this.loc), tf.mul(toFloat(this.scale), e));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Entropy 1 + log 2b. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(tf.mul(toFloat(this.scale), 2)), 1), this.batchShape));
  }

  /** μ, broadcast to the batch shape. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.loc), this.batchShape));
  }

  /** 2b², broadcast to the batch shape. */
  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(toFloat(this.scale)), 2), this.batchShape));
  }
}
