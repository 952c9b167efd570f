import type { Dataset } from '@latentkit/core';
import type { TraceEntry } from './fit-options.js';

/** The model-file format version this registry writes; it reads this one and every older one. */
export const SAVED_MODEL_FORMAT_VERSION = 2;

/** The training data's shape as a saved model records it; checked when the model is applied to new data. */
export interface SavedData {
  /** The training data's kind: `'dense'` (real-valued matrix) or `'counts'` (document-term counts). */
  readonly kind: Dataset['kind'];
  /** Number of columns (features, or vocabulary terms) of the training data; new data must have as many. */
  readonly nCols: number;
  /** Column names of the training data, in order (`x1`, `x2`, … for counts without a vocabulary). */
  readonly columns: readonly string[];
  /** Number of training rows. */
  readonly nRows: number;
  /** Where the training data came from (its `Dataset.source`: a file path or a dataset plugin's source string), when known. */
  readonly source?: string;
  /**
   * Where the training data file was, written by the apps when the data came from a file: its absolute path, and its
   * path relative to the folder of the model file, so that `report` finds it from any working directory.
   */
  readonly file?: {
    /** Absolute path of the data file when the model was written. */
    readonly absolute: string;
    /** Path of the data file relative to the folder of the model file (`path.relative`), e.g. `../faithful.csv`. */
    readonly relative: string;
  };
}

/** How the saved model was fitted. */
export interface SavedFit {
  /** Registry key of the engine that ran the fit, e.g. `inference/em`. */
  readonly engine: string;
  /** The seed of the fit; refitting with it gives the same model. */
  readonly seed: number;
  /** Iterations the kept run completed. */
  readonly iterations: number;
  /** Whether the kept run met its stopping rule (the objective changed by less than `tol`). */
  readonly converged: boolean;
  /** See {@link FitResult.fixedIterations}; absent in files written before it existed (read as false). */
  readonly fixedIterations?: boolean;
  /** Wall-clock seconds of the fit, all restarts included. */
  readonly seconds: number;
  /** The objective per iteration of every run ({@link FitResult.trace}). */
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
  /** Marks the JSON document as a latentkit model file; always `'latentkit-model'`. */
  readonly format: 'latentkit-model';
  /** 2 since plugin API 2; files of version 1 (no provenance, no engine parameters) still load. */
  readonly formatVersion: 1 | 2;
  /** Registry key of the model, e.g. `mixture/gmm`; `registry.load` restores the file through that plugin. */
  readonly key: string;
  /** npm name and version of the package whose model plugin wrote the file. */
  readonly plugin: {
    /** The package's npm name, e.g. `@latentkit/models-mixture`. */
    readonly name: string;
    /** The package's version (semver), as in its package.json. */
    readonly version: string;
  };
  /** Hyperparameters with defaults and data-dependent values resolved. */
  readonly params: Record<string, unknown>;
  /** The training data's kind, shape and column names. */
  readonly data: SavedData;
  /** How the model was fitted: engine, seed, iterations, convergence and trace. */
  readonly fit: SavedFit;
  /** Absent in format 1. */
  readonly provenance?: Provenance;
  /** The plugin's own state, as its fitted model's `stateJSON()` wrote it. */
  readonly state: unknown;
}
