import type { ModelView } from '@latentkit/registry';
import { command, notification } from '../protocol.js';

/** Scope of the latent preview's messages. */
export const scope = 'latentPreview';

/** One way of colouring the points of the latent scatter: a value per shown point. */
export interface Colouring {
  readonly name: string;
  readonly type: 'nominal' | 'quantitative';
  readonly values: readonly (string | number)[];
}

/** The 2-D scatter of the latent representation, already projected and downsampled by the host. */
export interface LatentScatter {
  /** How the plane was obtained, e.g. "posterior means" or "first two principal axes of the posterior means". */
  readonly method: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly colourings: readonly Colouring[];
  readonly defaultColouring?: string;
  readonly shown: number;
  readonly total: number;
}

/** One metric on the training data and, when there is a split, on the test data. */
export interface MetricRow {
  readonly name: string;
  readonly train?: number;
  readonly test?: number;
  readonly note?: string;
}

/** A model's own report section (ReportSection of the registry contract) as plain JSON. */
export interface ModelReport {
  readonly title: string;
  readonly summary: Readonly<Record<string, string | number>>;
  readonly tables: readonly { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] }[];
  readonly plots: readonly { readonly title: string; readonly spec: Record<string, unknown> }[];
}

/** Everything the preview shows, computed in the training worker from a saved model file and its data. */
export interface PreviewContent {
  readonly title: string;
  readonly model: {
    readonly key: string;
    readonly plugin: string;
    readonly description?: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly engine: string;
    readonly seed: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly seconds: number;
  };
  readonly data: {
    readonly file?: string;
    /** The registered dataset the model was trained on, with its options (`example/blobs nClusters=4`), instead of a file. */
    readonly dataset?: string;
    readonly kind: 'dense' | 'counts';
    readonly nRows: number;
    readonly nCols: number;
    readonly labelName?: string;
    /** Why the data-dependent views are missing or reduced (file not found, columns changed). */
    readonly note?: string;
  };
  readonly trace: readonly { readonly iteration: number; readonly objective: number; readonly restart: number }[];
  readonly latent?: LatentScatter;
  /**
   * The model's declared views (`fitted.views(data)`: loadings, top terms, graphs, …) followed by the preview's image
   * grids of square grey-level data (data rows, decoded latents, samples), drawn with `@latentkit/app-views`.
   */
  readonly views: readonly ModelView[];
  readonly metrics: readonly MetricRow[];
  readonly report?: ModelReport;
}

/** The full state of a preview panel, sent on `didChange` and kept with `setState` across reloads. */
export interface State {
  /** Absolute path of the model file. */
  readonly modelFile: string;
  readonly status: 'loading' | 'ready' | 'error';
  readonly error?: string;
  readonly content?: PreviewContent;
  /** Name of the chosen colouring of the latent scatter. */
  readonly colourBy?: string;
}

/** What the webview keeps with `setState`; enough for the serializer to restore the panel after a reload. */
export interface PersistedState {
  readonly modelFile: string;
  readonly colourBy?: string;
}

/** Host → webview: the whole state. */
export const DidChangeNotification = notification<State>(scope, 'didChange');
/** Webview → host: the user chose another colouring. */
export const UpdateColourCommand = command<{ readonly colourBy: string }>(scope, 'latentPreview/colour/update');
/** Webview → host: recompute from the model file (it may have been retrained). */
export const RefreshCommand = command<void>(scope, 'latentPreview/preview/refresh');
