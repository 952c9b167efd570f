import type { ModelInstance } from './contract/model-instance.js';

type Params = Record<string, unknown>;

const defined = (o: Params): Params => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The engine parameters that the deprecated API 1 fields of a model instance stand for, by engine key: `viSettings`
 * as `inference/vi` parameters (`epochs` → `maxIter`, the learning-rate schedule and temperature flattened into
 * `lrSchedule`, `lrStepSize`, `lrGamma`, `temperatureInitial`, …) and `schedule` as `inference/online-vi` parameters.
 * `resolveEngineParams` takes them as the model's defaults, below its `engineDefaults`. (`viSettings.estimatorOptions`
 * are estimator parameters: `inference/vi` reads them itself.)
 * @example
 * ```ts
 * api1EngineDefaults({ viSettings: { epochs: 20, batchSize: 64, learningRate: 1e-3 } })['inference/vi'].maxIter; // 20
 * ```
 */
export function api1EngineDefaults(instance: Pick<ModelInstance<unknown>, 'viSettings' | 'schedule'>): Readonly<Record<string, Record<string, unknown>>> {
  const out: Record<string, Params> = {};
  const v = instance.viSettings;
  if (v) {
    const lr = v.learningRateSchedule;
    out['inference/vi'] = defined({
      maxIter: v.epochs,
      batchSize: v.batchSize,
      learningRate: v.learningRate,
      optimizer: v.optimizer,
      lrSchedule: lr?.kind,
      lrStepSize: lr?.kind === 'step' ? lr.stepSize : undefined,
      lrGamma: lr && lr.kind !== 'constant' ? lr.gamma : undefined,
      beta: v.beta,
      klWarmupEpochs: v.klWarmupEpochs,
      nParticles: v.nParticles,
      estimator: v.estimator,
      temperatureInitial: v.temperature?.initial,
      temperatureMin: v.temperature?.min,
      temperatureRate: v.temperature?.rate,
      validationFraction: v.validationFraction,
      patience: v.patience,
    });
  }
  if (instance.schedule) out['inference/online-vi'] = { ...instance.schedule };
  return out;
}
