import type { Dataset } from '@latentkit/core';
import { resolveEngineParams, type EngineOptions, type InferencePlugin, type ModelInstance } from '@latentkit/registry';

/**
 * The parameters an engine runs with: `options.engineParams` as the registry resolved and validated them, or, when
 * the engine's `fit` is called directly (tests, scripts), resolved here the same way (`resolveEngineParams`): its
 * `defaults`, then the model's `maxIter`/`tol`/`engineDefaults`, then `options.maxIter`/`options.tol`.
 * @example
 * ```ts
 * const { batchSize } = engineParamsOf('inference/online-vi', onlineVi, model, options, data);
 * ```
 */
export function engineParamsOf<E extends Record<string, unknown>>(
  key: string,
  engine: InferencePlugin<E>,
  model: ModelInstance<unknown, unknown>,
  options: EngineOptions,
  data: Dataset,
): E & {
  /** Most iterations per run, resolved as above. */
  readonly maxIter: number;
  /** Stopping tolerance on the objective, resolved as above. */
  readonly tol: number;
} {
  const { engineParams, ...rest } = options;
  const params = engineParams ?? resolveEngineParams(key, engine, model, rest, data);
  return { ...engine.defaults, ...params } as E & { readonly maxIter: number; readonly tol: number };
}
