import type { LoadChoice } from '../data/sniff-data.js';
import type { PreviewContent } from '../webviews/latent-preview/protocol.js';

/** Tensor backends the extension can use inside the editor (tfjs-node is native and never loaded here). */
export type ExtensionBackend = 'wasm' | 'cpu';

/** How a worker sets itself up: the backend, where the `.wasm` binaries are, and which plugin modules to load. */
export interface WorkerSetup {
  readonly backend: ExtensionBackend;
  /** Folder holding the tfjs `.wasm` binaries copied next to the bundle, with a trailing separator. */
  readonly wasmDir: string;
  readonly pluginSpecifiers: readonly string[];
  readonly cwd?: string;
  readonly trusted: boolean;
  /** Worker threads of a training job (`latentkit.threads`); absent or 0: automatic. */
  readonly threads?: number;
}

/** A registered dataset to train on: its key and the options of its plugin's `load` (`datasetLoadOptions` of @latentkit/app). */
export interface DatasetChoice {
  readonly key: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The data of a job: a data file with the loader options chosen for it, or a registered dataset (`dataset`). */
export type JobData =
  | { readonly file: string; readonly load: LoadChoice; readonly dataset?: undefined }
  | { readonly dataset: DatasetChoice; readonly file?: undefined; readonly load?: undefined };

/** Load the data and say which registered models fit it. */
export type InspectJob = { readonly kind: 'inspect' } & JobData;

/** Fit a model and write it atomically to `outFile` when (and only when) the fit completes. */
export type TrainJob = TrainSettings & JobData;

/** What a {@link TrainJob} fits, besides its data. */
export interface TrainSettings {
  readonly kind: 'train';
  readonly key: string;
  /** Hyperparameters as entered (strings are coerced by `registry.create(key, params, { coerce: true })`). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly engine?: string;
  /** Parameters of `engine` as entered (coerced by `registry.validateEngineParams(engine, …, { coerce: true })`). */
  readonly engineParams?: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly outFile: string;
}

/** Compute the latent preview of a saved model file. */
export interface PreviewJob {
  readonly kind: 'preview';
  readonly modelFile: string;
}

export type Job = InspectJob | TrainJob | PreviewJob;

/** A registered model and whether it fits the inspected data. */
export interface ModelFit {
  readonly key: string;
  readonly description?: string;
  readonly plugin: string;
  readonly fits: boolean;
  /** Why it does not fit (one line from the registry's data check). */
  readonly reason?: string;
  /** Registered engines that can fit it, preferred first. */
  readonly engines: readonly string[];
  /**
   * The model declares `data.groups` and the data was read without a group column: it fits once a group column is
   * chosen (every other data requirement is met), so Train Model asks for one.
   */
  readonly needsGroups?: boolean;
}

/** The group column the data was read with, and the rows of each of its values (all rows, before any split). */
export interface InspectedGroups {
  readonly name: string;
  readonly counts: readonly { readonly value: string; readonly rows: number }[];
}

export interface InspectResult {
  readonly kind: 'dense' | 'counts';
  readonly nRows: number;
  readonly nCols: number;
  readonly columns: readonly string[];
  readonly labelName?: string;
  readonly groups?: InspectedGroups;
  readonly models: readonly ModelFit[];
}

export type TrainResult =
  | {
      readonly status: 'saved';
      readonly outFile: string;
      readonly iterations: number;
      readonly converged: boolean;
      /** The iteration count was fixed by design (VAE epochs, LDA with tol = 0, Gibbs sweeps): `converged` says nothing. */
      readonly fixedIterations?: boolean;
      readonly seconds: number;
      readonly scores: Readonly<Record<string, number>>;
      /** The fitted model's one-line notes on what it did to the data (`Fitted.notices`), e.g. a constant column kept unscaled. */
      readonly notices?: readonly string[];
    }
  | { readonly status: 'cancelled'; readonly iterations: number };

/** Progress of a running fit, at most every {@link PROGRESS_INTERVAL_MS}. */
export interface Progress {
  readonly iteration: number;
  readonly objective: number;
  readonly maxIter: number;
  readonly restart: number;
  readonly restarts: number;
  readonly elapsedMs: number;
}

export const PROGRESS_INTERVAL_MS = 100;

export type HostToWorker = { readonly type: 'cancel' };

export type WorkerToHost =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'result'; readonly result: InspectResult | TrainResult | PreviewContent }
  | { readonly type: 'error'; readonly message: string };

/** What `workerData` holds. */
export interface WorkerInput {
  readonly setup: WorkerSetup;
  readonly job: Job;
}

/** The result type of each job kind. */
export interface JobResults {
  inspect: InspectResult;
  train: TrainResult;
  preview: PreviewContent;
}
