import type { ViParams } from './vi-params.js';

/**
 * Default Gumbel-softmax temperature schedule τ_t = max(0.5, e^{−10⁻⁴·t}) (Jang et al. 2017 anneal from 1 towards a
 * floor of 0.5), in the names of the `inference/vi` parameters.
 * @example
 * ```ts
 * temperatureAt(1000, DEFAULT_TEMPERATURE); // 0.905
 * ```
 */
export const DEFAULT_TEMPERATURE = {
  /** τ₀ = 1, the temperature at step 0. */
  temperatureInitial: 1,
  /** The floor 0.5. */
  temperatureMin: 0.5,
  /** The rate 1e-4 per minibatch step. */
  temperatureRate: 1e-4,
} as const;

/** The parameters of `inference/vi` that set the learning rate of an epoch. */
export type LearningRateParams = Pick<ViParams, 'learningRate' | 'lrSchedule' | 'lrStepSize' | 'lrGamma'>;

/**
 * Learning rate of epoch `epoch` (0-based): `constant` lr; `step`: lr·γ^⌊epoch / lrStepSize⌋; `exponential`: lr·γ^epoch.
 * @example
 * ```ts
 * learningRateAt(25, { learningRate: 1e-3, lrSchedule: 'step', lrStepSize: 10, lrGamma: 0.5 }); // 2.5e-4
 * ```
 */
export function learningRateAt(epoch: number, p: LearningRateParams): number {
  if (p.lrSchedule === 'step') return p.learningRate * p.lrGamma ** Math.floor(epoch / p.lrStepSize);
  if (p.lrSchedule === 'exponential') return p.learningRate * p.lrGamma ** epoch;
  return p.learningRate;
}

/**
 * KL weight of minibatch step `step` (0-based, counted over all epochs): β·min(1, step / (W·stepsPerEpoch)) with
 * W = `klWarmupEpochs`, i.e. a linear warm-up from 0 that reaches β at the start of epoch W; β without warm-up.
 * @example
 * ```ts
 * klWeightAt(50, 10, { beta: 1, klWarmupEpochs: 10 }); // 0.5 (step 50 of a 100-step warm-up)
 * ```
 */
export function klWeightAt(step: number, stepsPerEpoch: number, p: Pick<ViParams, 'beta' | 'klWarmupEpochs'>): number {
  const warmupSteps = p.klWarmupEpochs * stepsPerEpoch;
  return warmupSteps > 0 ? p.beta * Math.min(1, step / warmupSteps) : p.beta;
}

/**
 * Gumbel-softmax temperature of minibatch step `step`: τ = max(τ_min, τ₀·exp(−r·step)).
 * @example
 * ```ts
 * temperatureAt(0); // 1
 * ```
 */
export function temperatureAt(step: number, p: Pick<ViParams, 'temperatureInitial' | 'temperatureMin' | 'temperatureRate'> = DEFAULT_TEMPERATURE): number {
  return Math.max(p.temperatureMin, p.temperatureInitial * Math.exp(-p.temperatureRate * step));
}
