import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { lgamma } from '../special/lgamma.js';
import type { LogitsOrProbs, ParamInput, ReparameterizedDistribution } from './distribution.js';
import { Categorical } from './categorical.js';
import { broadcastShapes, gumbel, shapeOf, stopGradient, toFloat } from './tensor-helpers.js';

/**
 * Parameters of {@link RelaxedCategorical}: a `temperature` and exactly one of `logits` and `probs` (`[..., K]`) of
 * the categorical being relaxed (K classes of {@link LogitsOrProbs}).
 */
export type RelaxedCategoricalParams = LogitsOrProbs & {
  /** Temperature λ > 0, broadcasting with the leading (batch) axes of `logits`/`probs`: towards 0 the draws approach one-hot vectors. */
  temperature: ParamInput;
};

/**
 * The relaxed one-hot categorical (Concrete, Gumbel-softmax) distribution on the (K − 1)-simplex at
 * `temperature` λ > 0 (Maddison et al. 2017; Jang et al. 2017), matching torch's `RelaxedOneHotCategorical`.
 *
 * Reparameterised draw: y = softmax((ℓ + g)/λ) with gₖ = −log(−log uₖ) Gumbel noise.
 * `logProb(y)` is the Concrete density
 * p(y) = (K − 1)!·λ^(K−1)·Πₖ (πₖ yₖ^(−λ−1)) / (Σₖ πₖ yₖ^(−λ))^K, with π = softmax(ℓ),
 * computed as torch does: the density of log y (torch's `ExpRelaxedCategorical`),
 * log p(x) = log Γ(K) + (K − 1)·log λ + Σₖ (ℓₖ − λxₖ) − K·logsumexp(ℓ − λx),
 * minus Σₖ log yₖ for the map y = eˣ. The batch shape broadcasts the temperature with the logits' leading axes.
 * {@link RelaxedCategorical.rsampleLog} and {@link RelaxedCategorical.logProbLog} work with x = log y directly,
 * which avoids underflow at low temperatures.
 *
 * References: C. J. Maddison, A. Mnih, Y. W. Teh, "The Concrete distribution", ICLR 2017;
 * E. Jang, S. Gu, B. Poole, "Categorical reparameterization with Gumbel-softmax", ICLR 2017.
 *
 * @example
 * ```ts
 * const q = new RelaxedCategorical({ temperature: 0.5, logits }); // logits [batch, K]
 * const y = q.rsample(rng);                                      // [batch, K] on the simplex
 * ```
 */
export class RelaxedCategorical implements ReparameterizedDistribution {
  readonly name = 'RelaxedCategorical';
  /** The parameters as given (tensors kept as is, so gradients flow to them). */
  readonly params: RelaxedCategoricalParams;
  readonly batchShape: number[];
  readonly eventShape: number[];
  private readonly categorical: Categorical;

  /**
   * The Concrete distribution on the (K − 1)-simplex, K the last axis of `logits` or `probs`, with event shape `[K]`.
   * @throws Error if neither or both of `logits` and `probs` are given, if they have no class axis, or if the
   * temperature does not broadcast with their batch axes.
   */
  constructor(params: RelaxedCategoricalParams) {
    if ((params.logits === undefined) === (params.probs === undefined)) {
      throw new Error('RelaxedCategorical: give temperature and exactly one of logits and probs');
    }
    this.params = params;
    this.categorical = params.logits !== undefined ? new Categorical({ logits: params.logits }) : new Categorical({ probs: params.probs! });
    this.eventShape = [this.categorical.numCategories];
    this.batchShape = broadcastShapes(this.name, shapeOf(params.temperature), this.categorical.batchShape);
  }

  /** Normalised logits log π, `[..., K]`. */
  logits(): tf.Tensor {
    return this.categorical.logits();
  }

  /** Reparameterised draw of x = log y (torch's `ExpRelaxedCategorical.rsample`), `[...sample, ...batch, K]`. */
  rsampleLog(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const g = gumbel(rng, [...sampleShape, ...this.batchShape, ...this.eventShape]);
      const temperature = tf.expandDims(toFloat(this.params.temperature), -1);
      const scores = tf.div(tf.add(this.logits(), g), temperature);
      return tf.sub(scores, tf.logSumExp(scores, -1, true));
    });
  }

  /** Log density of x = log y (torch's `ExpRelaxedCategorical.log_prob`); drops the event dimension. */
  logProbLog(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const K = this.eventShape[0];
      const temperature = toFloat(this.params.temperature);
      const logScale = tf.add(tf.mul(tf.log(temperature), K - 1), lgamma(K));
      const score = tf.sub(this.logits(), tf.mul(toFloat(x), tf.expandDims(temperature, -1)));
      return tf.add(tf.sum(tf.sub(score, tf.logSumExp(score, -1, true)), -1), logScale);
    });
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => tf.exp(this.rsampleLog(rng, sampleShape)));
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Log density of y on the simplex (torch's `RelaxedOneHotCategorical.log_prob`); drops the event dimension. */
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = tf.log(toFloat(value));
      return tf.sub(this.logProbLog(x), tf.sum(x, -1));
    });
  }
}
