import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { ParamInput, ReparameterizedDistribution } from './distribution.js';
import { broadcastShapes, LOG_2PI, shapeOf, standardNormal, stopGradient, toFloat } from './tensor-helpers.js';

/**
 * The univariate normal distribution N(μ, σ²), parameterised by `loc` μ and `scale` σ > 0 (a standard deviation).
 *
 * Density: p(x) = exp(−(x − μ)² / (2σ²)) / (σ√(2π)), so log p(x) = −½((x − μ)/σ)² − log σ − ½·log 2π.
 * `rsample` is the location–scale reparameterisation x = μ + σε with ε ~ N(0, 1).
 * μ and σ broadcast against each other to the batch shape, as in `torch.distributions.Normal`.
 *
 * @example
 * ```ts
 * const q = new Normal(mu, tf.exp(logSigma));
 * const z = q.rsample(rng, [nParticles]);        // [nParticles, ...batch]
 * const lp = q.logProb(z);
 * ```
 */
export class Normal implements ReparameterizedDistribution {
  readonly name = 'Normal';
  readonly loc: ParamInput;
  readonly scale: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * @param loc Mean μ.
   * @param scale Standard deviation σ > 0.
   */
  constructor(loc: ParamInput, scale: ParamInput) {
    this.loc = loc;
    this.scale = scale;
    this.batchShape = broadcastShapes(this.name, shapeOf(loc), shapeOf(scale));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const scale = toFloat(this.scale);
      const z = tf.div(tf.sub(toFloat(value), toFloat(this.loc)), scale);
      return tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(scale), 0.5 * LOG_2PI));
    });
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const eps = standardNormal(rng, [...sampleShape, ...this.batchShape]);
      return tf.add(toFloat(this.loc), tf.mul(toFloat(this.scale), eps));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Entropy ½ + ½·log 2π + log σ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(toFloat(this.scale)), 0.5 + 0.5 * LOG_2PI), this.batchShape));
  }

  /** μ, broadcast to the batch shape. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.loc), this.batchShape));
  }

  /** σ², broadcast to the batch shape. */
  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.square(toFloat(this.scale)), this.batchShape));
  }

  /** σ, broadcast to the batch shape. */
  get stddev(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.scale), this.batchShape));
  }
}
