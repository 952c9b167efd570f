import type { LearningRateSchedule, ViSettings } from '@latentkit/registry';

/**
 * Default Gumbel-softmax temperature schedule τ_t = max(0.5, e^{−10⁻⁴·t}) (Jang et al. 2017 anneal from 1 towards a
 * floor of 0.5).
 * @example
 * ```ts
 * temperatureAt(1000, DEFAULT_TEMPERATURE); // 0.905
 * ```
 */
export const DEFAULT_TEMPERATURE = { initial: 1, min: 0.5, rate: 1e-4 } as const;

/**
 * Learning rate of epoch `epoch` (0-based): constant lr; `step`: lr·γ^⌊epoch / stepSize⌋; `exponential`: lr·γ^epoch.
 * @example
 * ```ts
 * learningRateAt(25, 1e-3, { kind: 'step', stepSize: 10, gamma: 0.5 }); // 2.5e-4
 * ```
 */
export function learningRateAt(epoch: number, learningRate: number, schedule: LearningRateSchedule = { kind: 'constant' }): number {
  if (schedule.kind === 'constant') return learningRate;
  if (schedule.kind === 'step') return learningRate * schedule.gamma ** Math.floor(epoch / schedule.stepSize);
  if (schedule.kind === 'exponential') return learningRate * schedule.gamma ** epoch;
  throw new Error(
    `inference/vi: learningRateSchedule.kind must be 'constant', 'step' or 'exponential', got ${JSON.stringify((schedule as { kind: unknown }).kind)}`,
  );
}

/**
 * KL weight of minibatch step `step` (0-based, counted over all epochs): β·min(1, step / (W·stepsPerEpoch)) with
 * W = `klWarmupEpochs`, i.e. a linear warm-up from 0 that reaches β at the start of epoch W; β without warm-up.
 * @example
 * ```ts
 * klWeightAt(50, 10, { beta: 1, klWarmupEpochs: 10 }); // 0.5 (step 50 of a 100-step warm-up)
 * ```
 */
export function klWeightAt(step: number, stepsPerEpoch: number, settings: Pick<ViSettings, 'beta' | 'klWarmupEpochs'>): number {
  const beta = settings.beta ?? 1;
  const warmupSteps = (settings.klWarmupEpochs ?? 0) * stepsPerEpoch;
  return warmupSteps > 0 ? beta * Math.min(1, step / warmupSteps) : beta;
}

/**
 * Gumbel-softmax temperature of minibatch step `step`: τ = max(τ_min, τ₀·exp(−r·step)).
 * @example
 * ```ts
 * temperatureAt(0); // 1
 * ```
 */
export function temperatureAt(step: number, schedule: ViSettings['temperature'] = DEFAULT_TEMPERATURE): number {
  return Math.max(schedule.min, schedule.initial * Math.exp(-schedule.rate * step));
}
