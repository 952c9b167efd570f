import { backendInfo, dataHash, type Dataset } from '@latentkit/core';
import { getBackend } from '@tensorflow/tfjs-core';
import type { FitResult } from './contract/fit-options.js';
import type { FitInfo } from './contract/fitted.js';
import type { Provenance, SavedData } from './contract/saved-model.js';
import type { ModelPlugin, Plugin } from './contract/plugins.js';
import { meta } from './meta.js';

/** The training data's shape as saved models record it. */
export function savedDataOf(data: Dataset): SavedData {
  const columns = data.kind === 'dense' ? data.columns : (data.vocabulary ?? Array.from({ length: data.nCols }, (_, j) => `x${j + 1}`));
  return { kind: data.kind, nCols: data.nCols, columns, nRows: data.nRows, ...(data.source ? { source: data.source } : {}) };
}

/** The tensor backend in use: the one core's `initBackend` chose, else the tfjs engine's. */
function backendName(): string {
  try {
    return backendInfo()?.name ?? getBackend() ?? 'none';
  } catch {
    return 'none';
  }
}

/** Provenance of a fit that `plugins` (model, engine, estimator…) took part in, on `data`. */
export function provenanceOf(plugins: readonly Plugin[], data: Dataset): Provenance {
  const packages: Record<string, string> = { [meta.name]: meta.version };
  for (const p of plugins) packages[p.meta.name] = p.meta.version;
  return { packages, backend: backendName(), dataHash: dataHash(data), createdAt: new Date().toISOString(), runtime: process.version };
}

/**
 * The {@link FitInfo} the registry hands to `ModelInstance.fitted`: the engine's result, the data's shape, the
 * resolved engine parameters and the provenance.
 */
export function fitInfoFromResult(
  key: string,
  plugin: ModelPlugin,
  result: FitResult<unknown>,
  data: Dataset,
  engineParams: Readonly<Record<string, unknown>>,
  provenance: Provenance,
): FitInfo {
  return {
    key,
    plugin: { name: plugin.meta.name, version: plugin.meta.version },
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    fixedIterations: result.fixedIterations === true,
    seconds: result.seconds,
    trace: result.trace,
    data: savedDataOf(data),
    engineParams,
    ...(result.estimatorParams ? { estimatorParams: result.estimatorParams } : {}),
    provenance,
  };
}
