import type { FitInfo } from './contract/fitted.js';
import { SAVED_MODEL_FORMAT_VERSION, type SavedModel } from './contract/saved-model.js';

/**
 * The saved-model envelope (format {@link SAVED_MODEL_FORMAT_VERSION}) of a fit: `info` as the registry recorded it,
 * the resolved hyperparameters and the plugin's JSON state.
 */
export function savedModelOf(info: FitInfo, params: Record<string, unknown>, state: unknown): SavedModel {
  const { engine, seed, iterations, converged, fixedIterations, seconds, trace, engineParams, estimatorParams } = info;
  return {
    format: 'latentkit-model',
    formatVersion: SAVED_MODEL_FORMAT_VERSION,
    key: info.key,
    plugin: info.plugin,
    params,
    data: info.data,
    fit: {
      engine,
      seed,
      iterations,
      converged,
      ...(fixedIterations ? { fixedIterations } : {}),
      seconds,
      trace,
      ...(engineParams ? { engineParams } : {}),
      ...(estimatorParams ? { estimatorParams } : {}),
    },
    ...(info.provenance ? { provenance: info.provenance } : {}),
    state,
  };
}

/**
 * Check a parsed model file's envelope and return it; files of every format version up to
 * {@link SAVED_MODEL_FORMAT_VERSION} are accepted (version 1 has no provenance and no engine parameters).
 * @throws Error of one line naming `source` and what was expected.
 */
export function readSavedModel(saved: unknown, source: string): SavedModel {
  const s = saved as Partial<SavedModel> | undefined;
  if (!s || typeof s !== 'object' || s.format !== 'latentkit-model')
    throw new Error(`${source} is not a latentkit model file (no "format": "latentkit-model")`);
  if (!Number.isInteger(s.formatVersion) || (s.formatVersion as number) < 1 || (s.formatVersion as number) > SAVED_MODEL_FORMAT_VERSION)
    throw new Error(
      `${source} has model format version ${s.formatVersion}; this latentkit reads versions 1 to ${SAVED_MODEL_FORMAT_VERSION}: upgrade latentkit`,
    );
  const missing = (['key', 'plugin', 'params', 'data', 'fit'] as const).filter(
    (f) => !s[f] || (f === 'key' ? typeof s.key !== 'string' : typeof s[f] !== 'object'),
  );
  if (missing.length) throw new Error(`${source} is not a complete latentkit model file: ${missing.map((f) => `"${f}"`).join(', ')} missing or malformed`);
  const fit = s.fit as Partial<SavedModel['fit']>;
  if (!Array.isArray(fit.trace) || typeof fit.engine !== 'string') throw new Error(`${source}: "fit" must have "engine" and "trace"`);
  return s as SavedModel;
}

/** The {@link FitInfo} a saved model records (format 1 files: no provenance, no engine parameters). */
export function fitInfoOf(saved: SavedModel): FitInfo {
  const { fit } = saved;
  return {
    key: saved.key,
    plugin: saved.plugin,
    engine: fit.engine,
    seed: fit.seed,
    iterations: fit.iterations,
    converged: fit.converged,
    fixedIterations: fit.fixedIterations === true,
    seconds: fit.seconds,
    trace: fit.trace,
    data: saved.data,
    ...(fit.engineParams ? { engineParams: fit.engineParams } : {}),
    ...(fit.estimatorParams ? { estimatorParams: fit.estimatorParams } : {}),
    ...(saved.provenance ? { provenance: saved.provenance } : {}),
  };
}
