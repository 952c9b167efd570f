import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import { log1pexpT } from '../special/log1pexp-tensor.js';
import { log1pT } from '../special/log1p-tensor.js';
import type { Distribution, LogitsOrProbs, ParamInput } from './distribution.js';
import { negativeBinomialVariate } from './random-variates.js';
import { broadcastData, broadcastShapes, clampProbs, shapeOf, toFloat } from './tensor-helpers.js';

/**
 * Elementwise negative binomial log mass (torch's parameterisation: r = `totalCount` > 0, success logits ℓ,
 * mean r·e^ℓ): log p(k) = log Γ(r + k) − log Γ(r) − log Γ(k + 1) + r·log σ(−ℓ) + k·log σ(ℓ),
 * with log σ(−ℓ) = −softplus(ℓ) and log σ(ℓ) = −softplus(−ℓ) evaluated stably.
 * With `includeLogFactorial` false the term −log Γ(k + 1), which depends on the data only, is left out.
 * Arguments broadcast; gradients flow to r and ℓ. {@link NegativeBinomial.logProb} evaluates this.
 *
 * @param value Counts k ≥ 0.
 * @param totalCount r > 0.
 * @param logits ℓ = log(p/(1 − p)).
 * @param includeLogFactorial Whether to subtract log k! (default true).
 * @example
 * ```ts
 * const ll = tf.sum(negativeBinomialLogProb(counts, tf.exp(logR), decoderLogits, false), 1);
 * ```
 */
export function negativeBinomialLogProb(value: tf.Tensor, totalCount: tf.Tensor, logits: tf.Tensor, includeLogFactorial = true): tf.Tensor {
  return tf.tidy(() => {
    const k = tf.cast(value, 'float32');
    const r = totalCount;
    const normaliser = tf.sub(lgammaT(tf.add(r, k)), lgammaT(r));
    const terms = tf.sub(normaliser, tf.add(tf.mul(r, log1pexpT(logits)), tf.mul(k, log1pexpT(tf.neg(logits)))));
    return includeLogFactorial ? tf.sub(terms, lgammaT(tf.add(k, 1))) : terms;
  });
}

/**
 * Parameters of {@link NegativeBinomial}: `totalCount` r and exactly one of the success `logits` ℓ = log(p/(1 − p))
 * and the success probability `probs` p ∈ [0, 1) (clamped to [ε, 1 − ε]); see {@link LogitsOrProbs}.
 */
export type NegativeBinomialParams = LogitsOrProbs & {
  /** Number of failures r > 0 (may be real); broadcasts with `logits`/`probs`. */
  totalCount: ParamInput;
};

/**
 * The negative binomial distribution of the number of successes before `totalCount` r failures, in independent
 * trials with success probability p: exactly `torch.distributions.NegativeBinomial`'s parameterisation
 * (`probs` p, or `logits` ℓ = log(p/(1 − p)); r > 0 may be real).
 *
 * Mass: log p(k) = log Γ(r + k) − log Γ(k + 1) − log Γ(r) + r·log(1 − p) + k·log p,
 * evaluated as r·log σ(−ℓ) + k·log σ(ℓ) for stability. Mean r·p/(1 − p) = r·e^ℓ, variance mean/(1 − p).
 * It is the Gamma–Poisson mixture k ~ Poisson(λ), λ ~ Gamma(r, rate (1 − p)/p), which is how `sample` draws
 * (in JS from the `Rng`; float32 counts). Given `probs`, p is clamped to [ε, 1 − ε].
 *
 * @example
 * ```ts
 * const nb = new NegativeBinomial({ totalCount: 5, probs: 0.3 });
 * nb.logProb(tf.tensor1d([0, 2, 7]));
 * ```
 */
export class NegativeBinomial implements Distribution {
  readonly name = 'NegativeBinomial';
  /** The parameters as given (tensors kept as is, so gradients flow to them). */
  readonly params: NegativeBinomialParams;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * NB(r, p) with batch shape the broadcast shape of `totalCount` and `logits` (or `probs`).
   * @throws Error if neither or both of `logits` and `probs` are given, or if the shapes do not broadcast.
   */
  constructor(params: NegativeBinomialParams) {
    if ((params.logits === undefined) === (params.probs === undefined)) {
      throw new Error('NegativeBinomial: give totalCount and exactly one of logits and probs');
    }
    this.params = params;
    this.batchShape = broadcastShapes(this.name, shapeOf(params.totalCount), shapeOf((params.logits ?? params.probs)!));
  }

  /** The logits ℓ = log(p/(1 − p)) as a new tensor. */
  logits(): tf.Tensor {
    return tf.tidy(() => {
      if (this.params.logits !== undefined) return tf.clone(toFloat(this.params.logits));
      const p = clampProbs(toFloat(this.params.probs!));
      return tf.sub(tf.log(p), log1pT(tf.neg(p)));
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => negativeBinomialLogProb(toFloat(value), toFloat(this.params.totalCount), this.logits()));
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    const shape = [...sampleShape, ...this.batchShape];
    const logits = this.logits();
    const [r, l] = broadcastData([this.params.totalCount, logits], shape);
    logits.dispose();
    const out = new Float32Array(r.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = negativeBinomialVariate(rng, r[i], l[i]);
    }
    return tf.tensor(out, shape, 'float32');
  }

  /** r·e^ℓ = r·p/(1 − p). */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(toFloat(this.params.totalCount), tf.exp(this.logits())), this.batchShape));
  }

  /** mean/(1 − p) = r·e^ℓ·(1 + e^ℓ). */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const logits = this.logits();
      const mean = tf.mul(toFloat(this.params.totalCount), tf.exp(logits));
      return tf.broadcastTo(tf.mul(mean, tf.add(1, tf.exp(logits))), this.batchShape);
    });
  }
}
