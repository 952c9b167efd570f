import type { EstimatorOptions, LearningRateSchedule, ViSettings } from '@latentkit/registry';
import { DEFAULT_TEMPERATURE } from './schedules.js';

/** {@link ViSettings} with every default filled in and checked. */
export interface ResolvedViSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly learningRateSchedule: LearningRateSchedule;
  readonly beta: number;
  readonly klWarmupEpochs: number;
  readonly nParticles: number;
  readonly estimator: string;
  readonly estimatorOptions: EstimatorOptions;
  readonly temperature: { readonly initial: number; readonly min: number; readonly rate: number };
  readonly validationFraction: number;
  readonly patience: number;
}

/** Used when a model gives no `viSettings` (epochs then come from `maxIter`). */
export const DEFAULT_VI_SETTINGS = { batchSize: 128, learningRate: 1e-3 } as const;

function check(ok: boolean, name: string, value: unknown, expected: string): void {
  if (!ok) throw new Error(`inference/vi: ${name} must be ${expected}, got ${JSON.stringify(value)}`);
}

const isInt = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
const isPositive = (v: unknown) => typeof v === 'number' && v > 0 && Number.isFinite(v);

/**
 * Fill the defaults of `settings` and check every value, with one-line errors naming the setting.
 * Epochs are `min(settings.epochs, maxIter)`, so that a caller's `maxIter` caps a model's epochs.
 * @example
 * ```ts
 * resolveViSettings({ epochs: 50, batchSize: 64, learningRate: 1e-3 }, 100).optimizer; // 'adam'
 * ```
 */
export function resolveViSettings(settings: ViSettings | undefined, maxIter: number): ResolvedViSettings {
  const s = settings ?? { epochs: maxIter, ...DEFAULT_VI_SETTINGS };
  const resolved: ResolvedViSettings = {
    epochs: Math.min(s.epochs, maxIter),
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    optimizer: s.optimizer ?? 'adam',
    learningRateSchedule: s.learningRateSchedule ?? { kind: 'constant' },
    beta: s.beta ?? 1,
    klWarmupEpochs: s.klWarmupEpochs ?? 0,
    nParticles: s.nParticles ?? 1,
    estimator: s.estimator ?? 'estimators/reparam',
    estimatorOptions: s.estimatorOptions ?? {},
    temperature: s.temperature ?? DEFAULT_TEMPERATURE,
    validationFraction: s.validationFraction ?? 0,
    patience: s.patience ?? 10,
  };
  check(isInt(s.epochs, 1), 'epochs', s.epochs, 'an integer >= 1');
  check(isInt(resolved.batchSize, 1), 'batchSize', resolved.batchSize, 'an integer >= 1');
  check(isPositive(resolved.learningRate), 'learningRate', resolved.learningRate, 'a number > 0');
  check(resolved.optimizer === 'adam' || resolved.optimizer === 'sgd', 'optimizer', resolved.optimizer, "'adam' or 'sgd'");
  const lr = resolved.learningRateSchedule;
  if (lr.kind === 'step') {
    check(isInt(lr.stepSize, 1), 'learningRateSchedule.stepSize', lr.stepSize, 'an integer >= 1');
    check(isPositive(lr.gamma), 'learningRateSchedule.gamma', lr.gamma, 'a number > 0');
  } else if (lr.kind === 'exponential') {
    check(isPositive(lr.gamma), 'learningRateSchedule.gamma', lr.gamma, 'a number > 0');
  } else check(lr.kind === 'constant', 'learningRateSchedule.kind', (lr as { kind: unknown }).kind, "'constant', 'step' or 'exponential'");
  check(resolved.beta >= 0 && Number.isFinite(resolved.beta), 'beta', resolved.beta, 'a number >= 0');
  check(resolved.klWarmupEpochs >= 0 && Number.isFinite(resolved.klWarmupEpochs), 'klWarmupEpochs', resolved.klWarmupEpochs, 'a number >= 0');
  check(isInt(resolved.nParticles, 1), 'nParticles', resolved.nParticles, 'an integer >= 1');
  const t = resolved.temperature;
  check(isPositive(t.initial) && isPositive(t.min) && t.rate >= 0, 'temperature', t, 'initial > 0, min > 0 and rate >= 0');
  check(resolved.validationFraction >= 0 && resolved.validationFraction < 1, 'validationFraction', resolved.validationFraction, 'in [0, 1)');
  check(isInt(resolved.patience, 1), 'patience', resolved.patience, 'an integer >= 1');
  return resolved;
}
