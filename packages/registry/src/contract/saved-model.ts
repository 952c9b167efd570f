import type { Dataset } from '@latentkit/core';
import type { TraceEntry } from './fit-options.js';

/** The model-file format version this registry writes; it reads this one and every older one. */
export const SAVED_MODEL_FORMAT_VERSION = 2;

/** The training data's shape as a saved model records it; checked when the model is applied to new data. */
export interface SavedData {
  readonly kind: Dataset['kind'];
  readonly nCols: number;
  readonly columns: readonly string[];
  readonly nRows: number;
  readonly source?: string;
  /**
   * Where the training data file was, written by the apps when the data came from a file: its absolute path, and its
   * path relative to the folder of the model file, so that `report` finds it from any working directory.
   */
  readonly file?: { readonly absolute: string; readonly relative: string };
}

/** How the saved model was fitted. */
export interface SavedFit {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** See {@link FitResult.fixedIterations}; absent in files written before it existed (read as false). */
  readonly fixedIterations?: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  /** The engine parameters the fit ran with, defaults and data-dependent values resolved (format 2). */
  readonly engineParams?: Readonly<Record<string, unknown>>;
  /** The gradient estimator's parameters, defaults filled, when the engine uses one (format 2). */
  readonly estimatorParams?: Readonly<Record<string, unknown>>;
}

/**
 * Where a fitted model came from (format 2): enough to rerun the fit and to tell whether the data changed. The seed,
 * the resolved hyperparameters and engine parameters are in `params` and `fit`.
 */
export interface Provenance {
  /** npm name → version of the packages that took part: the model plugin, the engine, the estimator, the registry. */
  readonly packages: Readonly<Record<string, string>>;
  /** The tensor backend that ran the fit (`wasm`, `cpu`, `tensorflow`). */
  readonly backend: string;
  /** `sha256:<hex>` of the training data's shape, kind and values ({@link @latentkit/core!dataHash}). */
  readonly dataHash: string;
  /** When the fit finished, ISO 8601. */
  readonly createdAt: string;
  /** The Node.js version (`process.version`). */
  readonly runtime: string;
  /** The threads the fit was allowed (`FitOptions.threads`); it does not change the result. */
  readonly threads?: number;
}

/** The JSON document a fitted model saves to and loads from, keyed by registry key (never class names). */
export interface SavedModel {
  readonly format: 'latentkit-model';
  /** 2 since plugin API 2; files of version 1 (no provenance, no engine parameters) still load. */
  readonly formatVersion: 1 | 2;
  readonly key: string;
  readonly plugin: { readonly name: string; readonly version: string };
  /** Hyperparameters with defaults and data-dependent values resolved. */
  readonly params: Record<string, unknown>;
  readonly data: SavedData;
  readonly fit: SavedFit;
  /** Absent in format 1. */
  readonly provenance?: Provenance;
  /** The plugin's own state, as its fitted model's `stateJSON()` wrote it. */
  readonly state: unknown;
}
