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
  | {
      /** The same rate every epoch: lr. */
      readonly kind: 'constant';
    }
  | {
      /** Multiply the rate by γ every `stepSize` epochs: lr·γ^⌊e / stepSize⌋. */
      readonly kind: 'step';
      /** Epochs between two decays, an integer ≥ 1. */
      readonly stepSize: number;
      /** Factor γ applied at each decay, in (0, 1] to decay. */
      readonly gamma: number;
    }
  | {
      /** Multiply the rate by γ every epoch: lr·γ^e. */
      readonly kind: 'exponential';
      /** Factor γ applied each epoch, in (0, 1] to decay. */
      readonly gamma: number;
    };

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
  /** Passes over the training rows (an integer ≥ 1). */
  readonly epochs: number;
  /** Rows per minibatch (an integer ≥ 1); the last minibatch of an epoch may be smaller. */
  readonly batchSize: number;
  /** Step size of the optimiser at epoch 0 (> 0), scaled by `learningRateSchedule`. */
  readonly learningRate: number;
  /** The gradient optimiser; default `'adam'`. */
  readonly optimizer?: 'adam' | 'sgd';
  /** Default constant. */
  readonly learningRateSchedule?: LearningRateSchedule;
  /** Multiplies the KL term (β-VAE); default 1. */
  readonly beta?: number;
  /** Epochs over which the KL weight rises linearly (per minibatch step) from 0 to β; default 0 (no warm-up). */
  readonly klWarmupEpochs?: number;
  /** Monte Carlo samples of the latents per row and step (an integer ≥ 1); default 1. */
  readonly nParticles?: number;
  /** Registry key of the gradient estimator; default `estimators/reparam`. */
  readonly estimator?: string;
  /** Options of the gradient estimator (`estimators/score-function` baselines); default none. */
  readonly estimatorOptions?: EstimatorOptions;
  /**
   * Gumbel-softmax temperature schedule: τ_t = max(min, initial·exp(−rate·t)) with t the step
   * (default initial 1, min 0.5, rate 1e-4, after Jang et al. 2017).
   */
  readonly temperature?: {
    /** Temperature at step 0 (default 1). */
    readonly initial: number;
    /** Lowest temperature the schedule reaches (default 0.5). */
    readonly min: number;
    /** Decay rate per minibatch step (default 1e-4). */
    readonly rate: number;
  };
  /**
   * Fraction of rows held out (seeded) for early stopping on the held-out ELBO (default 0 = off). When on, the
   * objective is the held-out ELBO, training stops after `patience` epochs (default 10) without improvement, and
   * the best epoch's variables are kept.
   */
  readonly validationFraction?: number;
  /** With early stopping, epochs without improvement of the held-out ELBO before training stops; default 10. */
  readonly patience?: number;
}

/** @deprecated API 1; use `ModelInstance.engineDefaults['inference/online-vi']`. Minibatch schedule for stochastic engines (scikit-learn LDA's names). */
export interface MinibatchSchedule {
  /** Documents (rows) per minibatch, an integer ≥ 1; update t has step size ρ_t = (τ₀ + t)^−κ. */
  readonly batchSize: number;
  /** τ₀ ≥ 0: downweights early iterations. */
  readonly learningOffset: number;
  /** κ ∈ (0.5, 1]: forgetting rate. */
  readonly learningDecay: number;
}
