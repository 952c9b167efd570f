/**
 * Types of plugin API 1 that API 2 replaced. They still type-check old plugins, and the built-in engines still read
 * the fields that use them; new plugins set engine parameters instead (`ModelInstance.engineDefaults`).
 * See docs/migrating-to-plugin-api-2.md.
 */

/**
 * @deprecated API 1; use the engine parameters of `inference/vi`.
 * Learning-rate schedule of `inference/vi`, by epoch e = 0, 1, …: constant; `step`: lr·γ^⌊e / stepSize⌋;
 * `exponential`: lr·γ^e (torch's StepLR and ExponentialLR).
 */
export type LearningRateSchedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma: number }
  | { readonly kind: 'exponential'; readonly gamma: number };

/** @deprecated API 1; estimator plugins declare `params`. Options of the gradient estimators (ignored by those they do not concern). */
export interface EstimatorOptions {
  /** Baseline of `estimators/score-function` (default `'moving-average'`). */
  readonly baseline?: 'none' | 'moving-average' | 'learned';
  /** Decay d of the moving-average baseline b ← d·b + (1 − d)·mean f (default 0.9). */
  readonly baselineDecay?: number;
  /** Hidden units of the learned baseline network (default 16). */
  readonly baselineHiddenUnits?: number;
}

/** @deprecated API 1; use `ModelInstance.engineDefaults['inference/vi']`. Settings of `inference/vi`, taken from the model's hyperparameters (epochs, batchSize, learningRate, …). */
export interface ViSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer?: 'adam' | 'sgd';
  /** Default constant. */
  readonly learningRateSchedule?: LearningRateSchedule;
  /** Multiplies the KL term (β-VAE); default 1. */
  readonly beta?: number;
  /** Epochs over which the KL weight rises linearly (per minibatch step) from 0 to β; default 0 (no warm-up). */
  readonly klWarmupEpochs?: number;
  readonly nParticles?: number;
  /** Registry key of the gradient estimator; default `estimators/reparam`. */
  readonly estimator?: string;
  readonly estimatorOptions?: EstimatorOptions;
  /**
   * Gumbel-softmax temperature schedule: τ_t = max(min, initial·exp(−rate·t)) with t the step
   * (default initial 1, min 0.5, rate 1e-4, after Jang et al. 2017).
   */
  readonly temperature?: { readonly initial: number; readonly min: number; readonly rate: number };
  /**
   * Fraction of rows held out (seeded) for early stopping on the held-out ELBO (default 0 = off). When on, the
   * objective is the held-out ELBO, training stops after `patience` epochs (default 10) without improvement, and
   * the best epoch's variables are kept.
   */
  readonly validationFraction?: number;
  readonly patience?: number;
}

/** @deprecated API 1; use `ModelInstance.engineDefaults['inference/online-vi']`. Minibatch schedule for stochastic engines (scikit-learn LDA's names). */
export interface MinibatchSchedule {
  readonly batchSize: number;
  /** τ₀ ≥ 0: downweights early iterations. */
  readonly learningOffset: number;
  /** κ ∈ (0.5, 1]: forgetting rate. */
  readonly learningDecay: number;
}
