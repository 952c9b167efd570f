import type * as tf from '@tensorflow/tfjs-core';
import type { ViContext } from './vi.js';

/** The latent types a {@link GradientEstimator} can sample. */
export type LatentKind = 'gaussian' | 'bernoulli' | 'categorical';

/**
 * A latent sample drawn by a gradient estimator, with the rule that turns a per-sample objective into a surrogate.
 *
 * Shapes: an estimator draws one sample per row of its parameters, so `z` has the parameters' shape (`[n, dims]`,
 * or `[n, ..., K]` one-hot for categoricals). For several particles per data row the model repeats the rows
 * particle-major (all rows for particle 0, then all rows for particle 1, …, as `tf.tile(params, [S, 1])` does), so
 * n = nParticles × rows; multi-sample estimators (`estimators/leave-one-out`) rely on that layout and on
 * `ctx.nParticles`.
 *
 * `surrogate(f)` takes f (one value per sample, `[n]`, to be maximised, depending on `z` and on the model's
 * parameters) and returns an `[n]` tensor whose value equals f and whose gradient is the estimator's estimate of
 * ∇E_q[f]: f itself for reparameterised, relaxed or straight-through samples; for the score function (REINFORCE)
 * f + stopGradient(f − b)·(log q(z) − stopGradient(log q(z))) with a baseline b, whose gradient is
 * ∇f + (f − b)·∇log q(z).
 */
export interface EstimatorSample {
  /** The sample, with the parameters' shape: `[n, dims]`, or `[n, …, K]` one-hot (or relaxed one-hot) for a categorical. */
  readonly z: tf.Tensor;
  /** An `[n]` tensor equal to `f` whose gradient is the estimator's estimate of ∇E_q[f] (see above). */
  surrogate(f: tf.Tensor): tf.Tensor;
}

/**
 * A gradient estimator (`estimators/<id>`), chosen by a model's `estimator` hyperparameter and handed to VI terms
 * by the engine in {@link ViContext}, so models never import the inference package. Each method is optional: an
 * estimator that cannot handle a latent type leaves it out; the engine rejects the combination before fitting
 * when the model declares its latent types in {@link ViTerms.latents}.
 * Estimators may keep state across steps (a moving-average or learned baseline); the k-th call within one
 * training step is the k-th latent site, so call the estimator in the same order at every step.
 */
export interface GradientEstimator {
  /** Registry key of the estimator, e.g. `estimators/reparam`. */
  readonly key: string;
  /** Whether the samples carry pathwise gradients (reparameterisation, relaxations, straight-through). */
  readonly pathwise: boolean;
  /** Diagonal Gaussian latent with mean `loc` and log standard deviation `logScale` ([n, dims]). */
  gaussian?(loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext): EstimatorSample;
  /** Bernoulli latent with logits ([n, dims]). */
  bernoulli?(logits: tf.Tensor, ctx: ViContext): EstimatorSample;
  /** Categorical latent with logits ([n, ..., categories]); samples are one-hot (or relaxed one-hot). */
  categorical?(logits: tf.Tensor, ctx: ViContext): EstimatorSample;
}

/**
 * A gradient estimator as the VI engine runs it: the {@link GradientEstimator} models call, plus the lifecycle the
 * engine drives. State that lives across steps (moving averages, a learned baseline's variables) belongs to one
 * instance, created by {@link EstimatorPlugin.create} per fit (per restart) and disposed by the engine. Per training
 * step the engine calls `startStep()`, then the model's loss (which calls the sampling methods, site by site), takes
 * the gradient with respect to the model's variables and `variables()`, applies the update, then `finishStep()`.
 */
export interface EstimatorInstance extends GradientEstimator {
  /** Called before each training step's loss: the next estimator call is latent site 0 again. */
  startStep(): void;
  /** Called after the step's update: fold the statistics recorded during the step into the baselines. */
  finishStep(): void;
  /** Variables the estimator trains together with the model's (a learned baseline's network). */
  variables(): tf.Variable[];
  /** Release the estimator's tensors and variables. */
  dispose(): void;
}
