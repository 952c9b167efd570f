import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { ParamInput, ReparameterizedDistribution } from './distribution.js';
import { broadcastShapes, LOG_2PI, shapeOf, standardNormal, stopGradient, toFloat } from './tensor-helpers.js';

/**
 * Elementwise log density of N(μ, σ²) in the log-scale parameterisation s = log σ (an encoder's natural output):
 * log p(x) = −½((x − μ)·e^(−s))² − s − ½·log 2π. All arguments broadcast; gradients flow to every tensor argument.
 * {@link Normal.logProb} evaluates this with s = log σ.
 *
 * @param x Values.
 * @param loc Mean μ.
 * @param logScale log σ.
 * @example
 * ```ts
 * const logq = tf.sum(normalLogProb(z, mu, logSigma), -1); // per sample, summed over latents
 * ```
 */
export function normalLogProb(x: tf.Tensor, loc: tf.Tensor | number, logScale: tf.Tensor | number): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.mul(tf.sub(x, loc), tf.exp(tf.neg(logScale)));
    return tf.sub(tf.mul(tf.square(u), -0.5), tf.add(logScale, 0.5 * LOG_2PI));
  });
}

/**
 * Elementwise KL(N(μp, σp²) ‖ N(μq, σq²)) in the log-scale parameterisation sp = log σp, sq = log σq:
 * ½[e^(2(sp − sq)) + ((μp − μq)·e^(−sq))² − 2(sp − sq) − 1] = log(σq/σp) + (σp² + (μp − μq)²)/(2σq²) − ½.
 * With μq = 0, sq = 0 it is the VAE regulariser ½(μ² + σ² − log σ² − 1). {@link klDivergence} of two
 * {@link Normal}s evaluates this.
 *
 * @example
 * ```ts
 * const kl = tf.sum(normalKl(mu, logSigma, 0, 0), 1); // KL(q(z | x) ‖ N(0, I)) per row
 * ```
 */
export function normalKl(locP: tf.Tensor | number, logScaleP: tf.Tensor | number, locQ: tf.Tensor | number, logScaleQ: tf.Tensor | number): tf.Tensor {
  return tf.tidy(() => {
    const logRatio = tf.sub(logScaleP, logScaleQ);
    const varRatio = tf.exp(tf.mul(logRatio, 2));
    const mahalanobis = tf.square(tf.mul(tf.sub(locP, locQ), tf.exp(tf.neg(logScaleQ))));
    return tf.mul(tf.sub(tf.add(varRatio, mahalanobis), tf.add(tf.mul(logRatio, 2), 1)), 0.5);
  });
}

/**
 * A reparameterised draw z = μ + e^s·ε, ε ~ N(0, 1), of the broadcast shape of μ and s (s = log σ),
 * differentiable in μ and s: `Normal.fromLogScale(loc, logScale).rsample(rng)`.
 *
 * @example
 * ```ts
 * const z = normalRsample(mu, logSigma, rng); // [batch, latentDim]
 * ```
 */
export function normalRsample(loc: tf.Tensor, logScale: tf.Tensor, rng: Rng): tf.Tensor {
  return Normal.fromLogScale(loc, logScale).rsample(rng);
}

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
  /** Mean μ, as given. */
  readonly loc: ParamInput;
  /** σ, or undefined when the distribution was made from `logScale`. */
  readonly scale: ParamInput | undefined;
  /** log σ, or undefined when the distribution was made from `scale`. */
  readonly logScale: ParamInput | undefined;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * N(μ, σ²) with batch shape the broadcast shape of `loc` and the scale (positivity is not checked).
   * @throws Error if the shapes do not broadcast.
   * @param loc Mean μ.
   * @param scale Standard deviation σ > 0, or `{ logScale }` with s = log σ, the parameterisation of encoders:
   *   densities, KLs and draws then use s and e^s directly (no log of an exponential).
   */
  constructor(loc: ParamInput, scale: ParamInput | { logScale: ParamInput }) {
    this.loc = loc;
    const fromLog = typeof scale === 'object' && !(scale instanceof tf.Tensor) && !Array.isArray(scale);
    this.scale = fromLog ? undefined : (scale as ParamInput);
    this.logScale = fromLog ? (scale as { logScale: ParamInput }).logScale : undefined;
    this.batchShape = broadcastShapes(this.name, shapeOf(loc), shapeOf((this.scale ?? this.logScale)!));
  }

  /**
   * N(μ, σ²) from s = log σ: `new Normal(loc, { logScale })`.
   *
   * @example
   * ```ts
   * const q = Normal.fromLogScale(mu, logSigma);
   * ```
   */
  static fromLogScale(loc: ParamInput, logScale: ParamInput): Normal {
    return new Normal(loc, { logScale });
  }

  /** σ as a float32 tensor (e^s when made from `logScale`). */
  private scaleT(): tf.Tensor {
    return this.logScale === undefined ? toFloat(this.scale!) : tf.exp(toFloat(this.logScale));
  }

  /** log σ as a new float32 tensor. */
  logScaleT(): tf.Tensor {
    return tf.tidy(() => (this.logScale === undefined ? tf.log(toFloat(this.scale!)) : tf.clone(toFloat(this.logScale))));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => normalLogProb(toFloat(value), toFloat(this.loc), this.logScaleT()));
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const eps = standardNormal(rng, [...sampleShape, ...this.batchShape]);
      return tf.add(toFloat(this.loc), tf.mul(this.scaleT(), eps));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Entropy ½ + ½·log 2π + log σ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(this.logScaleT(), 0.5 + 0.5 * LOG_2PI), this.batchShape));
  }

  /** μ, broadcast to the batch shape. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.loc), this.batchShape));
  }

  /** σ², broadcast to the batch shape. */
  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.square(this.scaleT()), this.batchShape));
  }

  /** σ, broadcast to the batch shape. */
  get stddev(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.scaleT(), this.batchShape));
  }
}
