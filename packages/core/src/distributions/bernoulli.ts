import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { log1pexpT } from '../special/log1pexp-tensor.js';
import { log1pT } from '../special/log1p-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { clampProbs, shapeOf, toFloat, uniform } from './tensor-helpers.js';

/** Parameters of {@link Bernoulli}: exactly one of `logits` and `probs`. */
export type BernoulliParams = { logits: ParamInput; probs?: undefined } | { probs: ParamInput; logits?: undefined };

/**
 * The Bernoulli distribution on {0, 1}, parameterised by `logits` ℓ = log(p/(1 − p)) or `probs` p = P(x = 1).
 *
 * Mass: log p(x) = x·ℓ − log(1 + e^ℓ) (the negative binary cross-entropy with logits, stable for large |ℓ|).
 * Given `probs`, the logits are log p − log(1 − p) with p clamped to [ε, 1 − ε] (ε the float32 epsilon), as torch does.
 * `logProb` also accepts values in [0, 1] (the continuous relaxation used by Bernoulli decoders).
 * `sample` returns float32 zeros and ones; there is no `rsample` (use {@link RelaxedBernoulli}).
 *
 * @example
 * ```ts
 * const lik = new Bernoulli({ logits: decoderOutput });
 * const ll = tf.sum(lik.logProb(x), -1);
 * ```
 */
export class Bernoulli implements Distribution {
  readonly name = 'Bernoulli';
  readonly params: BernoulliParams;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  constructor(params: BernoulliParams) {
    if ((params.logits === undefined) === (params.probs === undefined)) {
      throw new Error('Bernoulli: give exactly one of logits and probs');
    }
    this.params = params;
    this.batchShape = shapeOf((params.logits ?? params.probs)!);
  }

  /** The logits ℓ as a new tensor. */
  logits(): tf.Tensor {
    return tf.tidy(() => {
      if (this.params.logits !== undefined) return tf.clone(toFloat(this.params.logits));
      const p = clampProbs(toFloat(this.params.probs!));
      return tf.sub(tf.log(p), log1pT(tf.neg(p)));
    });
  }

  /** The probabilities p = σ(ℓ) as a new tensor. */
  probs(): tf.Tensor {
    return tf.tidy(() => (this.params.probs !== undefined ? tf.clone(toFloat(this.params.probs)) : tf.sigmoid(toFloat(this.params.logits!))));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const logits = this.logits();
      return tf.sub(tf.mul(toFloat(value), logits), log1pexpT(logits));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => tf.cast(tf.less(uniform(rng, [...sampleShape, ...this.batchShape]), this.probs()), 'float32'));
  }

  /** Entropy −p·log p − (1 − p)·log(1 − p) = log(1 + e^ℓ) − p·ℓ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const logits = this.logits();
      return tf.sub(log1pexpT(logits), tf.mul(tf.sigmoid(logits), logits));
    });
  }

  /** p. */
  get mean(): tf.Tensor {
    return this.probs();
  }

  /** p(1 − p). */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = this.probs();
      return tf.mul(p, tf.sub(1, p));
    });
  }
}
