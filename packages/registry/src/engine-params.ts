import type { Dataset } from '@latentkit/core';
import { api1EngineDefaults } from './api1-engine-defaults.js';
import type { FitOptions } from './contract/fit-options.js';
import type { ModelInstance } from './contract/model-instance.js';
import type { InferencePlugin } from './contract/plugins.js';
import { int, real, type ParamSpec, type ParamSpecs } from './params.js';
import { validateParams } from './validate-params.js';

/** The two parameters every engine has, declared for engines that leave them out of their `params`. */
const COMMON_SPECS: Readonly<Record<string, ParamSpec>> = {
  maxIter: int({ min: 1, description: 'most iterations (EM steps, sweeps or epochs) per run' }),
  tol: real({ min: 0, description: 'stop when the objective improves by less than this (0: run maxIter iterations)' }),
};

const specsCache = new WeakMap<InferencePlugin, ParamSpecs<Record<string, unknown>>>();

/** An engine's parameter specs with `maxIter` and `tol` added where it does not declare them. */
export function engineParamSpecs(engine: InferencePlugin): ParamSpecs<Record<string, unknown>> {
  let specs = specsCache.get(engine);
  if (!specs) {
    specs = { ...COMMON_SPECS, ...(engine.params ?? {}) } as ParamSpecs<Record<string, unknown>>;
    specsCache.set(engine, specs);
  }
  return specs;
}

/**
 * The parameters an engine runs a model with, in increasing precedence: the engine's `defaults`; the model's
 * `maxIter`/`tol` and `engineDefaults[engineKey]`; `options.maxIter`/`options.tol`; `options.engineParams`. Each
 * layer is checked against the engine's specs (one-line `ParamError` naming the engine and the parameter), then the
 * engine's `resolveParams` fills data-dependent values.
 * An API 1 model's `viSettings`/`schedule` count as engine defaults below its `engineDefaults` ({@link api1EngineDefaults}).
 * @example
 * ```ts
 * resolveEngineParams('inference/vi', vi, instance, { engineParams: { learningRate: 1e-2 } }, data).learningRate; // 0.01
 * ```
 */
export function resolveEngineParams(
  engineKey: string,
  engine: InferencePlugin,
  instance: Pick<ModelInstance<unknown>, 'maxIter' | 'tol' | 'engineDefaults' | 'viSettings' | 'schedule'>,
  options: Pick<FitOptions, 'maxIter' | 'tol' | 'engineParams'>,
  data: Dataset,
): Record<string, unknown> {
  const specs = engineParamSpecs(engine);
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const base = { maxIter: 100, tol: 1e-3, ...(engine.defaults as Record<string, unknown>) };
  const fromModel = validateParams(`${engineKey} (defaults set by the model)`, specs, base, {
    ...defined({ maxIter: instance.maxIter, tol: instance.tol }),
    ...api1EngineDefaults(instance)[engineKey],
    ...(instance.engineDefaults?.[engineKey] ?? {}),
  });
  const given = validateParams(engineKey, specs, fromModel, {
    ...defined({ maxIter: options.maxIter, tol: options.tol }),
    ...(options.engineParams ?? {}),
  });
  if (!engine.resolveParams) return given;
  return validateParams(`${engineKey} (resolved for the data)`, specs, given, engine.resolveParams(given, data) as Record<string, unknown>);
}
