import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';

/** Nested arrays of numbers, as accepted by `tf.tensor`. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/**
 * A distribution parameter: a tensor (kept as is, so gradients flow to it) or plain numbers
 * (converted to a float32 tensor inside each method call and disposed with it, so a distribution owns no tensors).
 */
export type ParamInput = tf.Tensor | number | NestedNumbers;

/**
 * Class probabilities given one of two ways, never both, as torch's distributions take them: `logits` or `probs`.
 * For two classes (Bernoulli-type distributions) the pair is elementwise, p = σ(ℓ); for K classes (categorical ones)
 * it runs over the last axis, π = softmax(ℓ).
 */
export type LogitsOrProbs =
  | {
      /** Logits ℓ: the log-odds log(p/(1 − p)) for two classes; unnormalised log-probabilities `[..., K]` for K classes. */
      logits: ParamInput;
      /** Left out: `logits` is given instead. */
      probs?: undefined;
    }
  | {
      /** Probabilities: p = P(x = 1) ∈ [0, 1] for two classes; π `[..., K]`, normalised along the last axis, for K classes. */
      probs: ParamInput;
      /** Left out: `probs` is given instead. */
      logits?: undefined;
    };

/**
 * The interface shared by latentkit's tensor distributions, modelled on `torch.distributions.Distribution`.
 *
 * Shapes follow torch: a draw with `sampleShape` has shape `[...sampleShape, ...batchShape, ...eventShape]`, and
 * `logProb` broadcasts its argument against `[...batchShape, ...eventShape]` and reduces the event dimensions.
 * Every method returns a fresh tensor the caller owns (dispose it or call inside `tf.tidy`); intermediates are
 * tidied. Sampling is deterministic given the `Rng` and advances it.
 *
 * Getters such as `mean` and `variance` also allocate a new tensor on every access.
 */
export interface Distribution {
  /** The distribution's name, as used in error messages (`'Normal'`, `'Dirichlet'`, …). */
  readonly name: string;
  /** Shape of the independent, non-identical batch of distributions (the broadcast parameter shape). */
  readonly batchShape: number[];
  /** Shape of one draw (`[]` for scalar distributions, `[d]` or `[K]` for vector ones). */
  readonly eventShape: number[];
  /** Log density (or log mass) of `value`, of shape broadcast(value batch dims, batchShape). */
  logProb(value: tf.Tensor): tf.Tensor;
  /** Draw without gradient to the parameters. */
  sample(rng: Rng, sampleShape?: number[]): tf.Tensor;
  /** Reparameterised draw, differentiable w.r.t. the parameters (only where it exists). */
  rsample?(rng: Rng, sampleShape?: number[]): tf.Tensor;
  /** Differential entropy (or Shannon entropy for discrete distributions), where it has a closed form. */
  entropy?(): tf.Tensor;
  /** Mean, of shape `[...batchShape, ...eventShape]`, where it is simple. */
  readonly mean?: tf.Tensor;
  /** Variance (elementwise; the diagonal of the covariance for vectors), where it is simple. */
  readonly variance?: tf.Tensor;
}

/** A {@link Distribution} with a reparameterised sampler. */
export interface ReparameterizedDistribution extends Distribution {
  rsample(rng: Rng, sampleShape?: number[]): tf.Tensor;
}

/**
 * Whether `d` has a reparameterised sampler `rsample` (pathwise gradients), as opposed to needing
 * a score-function estimator.
 *
 * @example
 * ```ts
 * if (hasRsample(q)) loss = elbo(q.rsample(rng, [nParticles]));
 * ```
 */
export function hasRsample(d: Distribution): d is ReparameterizedDistribution {
  return typeof d.rsample === 'function';
}
