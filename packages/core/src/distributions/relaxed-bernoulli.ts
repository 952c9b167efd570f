import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { log1pexpT } from '../special/log1pexp-tensor.js';
import { log1pT } from '../special/log1p-tensor.js';
import type { LogitsOrProbs, ParamInput, ReparameterizedDistribution } from './distribution.js';
import { broadcastShapes, clampProbs, shapeOf, stopGradient, toFloat, uniform } from './tensor-helpers.js';

/**
 * Parameters of {@link RelaxedBernoulli}: a `temperature` and exactly one of `logits` and `probs` of the Bernoulli
 * being relaxed (two classes of {@link LogitsOrProbs}; `probs` is clamped to [ε, 1 − ε]).
 */
export type RelaxedBernoulliParams = LogitsOrProbs & {
  /** Temperature λ > 0, broadcasting with `logits`/`probs`: towards 0 the draws approach Bernoulli draws, large λ pulls them to ½. */
  temperature: ParamInput;
};

/**
 * The relaxed Bernoulli (binary Concrete) distribution on (0, 1): the continuous relaxation of
 * Bernoulli(σ(ℓ)) at `temperature` λ > 0 (Maddison et al. 2017; Jang et al. 2017), matching
 * `torch.distributions.RelaxedBernoulli`.
 *
 * Reparameterised draw: x = (ℓ + log u − log(1 − u))/λ with u ~ U(0, 1) (logistic noise), y = σ(x).
 * The logit x has density (torch's `LogitRelaxedBernoulli`)
 * log p(x) = log λ + (ℓ − λx) − 2·log(1 + e^(ℓ − λx)),
 * and `logProb(y)` is the density on (0, 1) obtained through y = σ(x), exactly torch's convention:
 * log p(y) = log p_logit(x) − log σ′(x) with x = log y − log(1 − y), i.e. the binary Concrete density
 * λ·α·y^(−λ−1)(1 − y)^(−λ−1) / (α·y^(−λ) + (1 − y)^(−λ))² with α = e^ℓ.
 * As in torch, y is clamped to [ε, 1 − ε] before taking logits, and `rsample` clamps its output there.
 * Use {@link RelaxedBernoulli.rsampleLogit} and {@link RelaxedBernoulli.logitLogProb} to work on the logit scale,
 * which is numerically safer at low temperatures.
 *
 * References: C. J. Maddison, A. Mnih, Y. W. Teh, "The Concrete distribution", ICLR 2017;
 * E. Jang, S. Gu, B. Poole, "Categorical reparameterization with Gumbel-softmax", ICLR 2017.
 *
 * @example
 * ```ts
 * const q = new RelaxedBernoulli({ temperature: 0.5, logits });
 * const y = q.rsample(rng);          // in (0, 1), differentiable w.r.t. logits
 * const lp = q.logProb(y);
 * ```
 */
export class RelaxedBernoulli implements ReparameterizedDistribution {
  readonly name = 'RelaxedBernoulli';
  /** The parameters as given (tensors kept as is, so gradients flow to them). */
  readonly params: RelaxedBernoulliParams;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * The binary Concrete distribution with batch shape the broadcast shape of `temperature` and `logits` (or `probs`).
   * @throws Error if neither or both of `logits` and `probs` are given, or if the shapes do not broadcast.
   */
  constructor(params: RelaxedBernoulliParams) {
    if ((params.logits === undefined) === (params.probs === undefined)) {
      throw new Error('RelaxedBernoulli: give temperature and exactly one of logits and probs');
    }
    this.params = params;
    this.batchShape = broadcastShapes(this.name, shapeOf(params.temperature), shapeOf((params.logits ?? params.probs)!));
  }

  /** The logits ℓ as a new tensor. */
  logits(): tf.Tensor {
    return tf.tidy(() => {
      if (this.params.logits !== undefined) return tf.clone(toFloat(this.params.logits));
      const p = clampProbs(toFloat(this.params.probs!));
      return tf.sub(tf.log(p), log1pT(tf.neg(p)));
    });
  }

  /** Reparameterised draw of the logit x = (ℓ + logit u)/λ (torch's `LogitRelaxedBernoulli.rsample`). */
  rsampleLogit(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const u = uniform(rng, [...sampleShape, ...this.batchShape]);
      const noise = tf.sub(tf.log(u), log1pT(tf.neg(u)));
      return tf.div(tf.add(this.logits(), noise), toFloat(this.params.temperature));
    });
  }

  /** Log density of the logit x (torch's `LogitRelaxedBernoulli.log_prob`). */
  logitLogProb(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const temperature = toFloat(this.params.temperature);
      const diff = tf.sub(this.logits(), tf.mul(toFloat(x), temperature));
      return tf.sub(tf.add(tf.log(temperature), diff), tf.mul(log1pexpT(diff), 2));
    });
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => clampProbs(tf.sigmoid(this.rsampleLogit(rng, sampleShape))));
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Log density of y ∈ (0, 1) (torch's `RelaxedBernoulli.log_prob`). */
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const y = clampProbs(toFloat(value));
      const x = tf.sub(tf.log(y), log1pT(tf.neg(y)));
      // −log σ′(x) = log(1 + e^(−x)) + log(1 + e^x).
      return tf.add(this.logitLogProb(x), tf.add(log1pexpT(x), log1pexpT(tf.neg(x))));
    });
  }
}
