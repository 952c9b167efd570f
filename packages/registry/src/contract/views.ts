/**
 * Typed pictures of a fitted model, returned by `Fitted.views()` and drawn the same way by the HTML report
 * (`latentkit report`) and the VS Code preview, so a new model gets plots in both without app changes.
 * Every view carries a `title` and optional `description`; numbers are plain arrays so views serialise to JSON.
 */
export type ModelView = HeatmapView | TopTermsView | ImagesView | GraphView | ScatterView | LineView;

interface ViewBase {
  readonly title: string;
  readonly description?: string;
}

/** A matrix drawn as coloured cells (loadings, covariances, topic–word weights, a latent graph's adjacency). */
export interface HeatmapView extends ViewBase {
  readonly kind: 'heatmap';
  readonly rowLabels: readonly string[];
  readonly columnLabels: readonly string[];
  /** rowLabels.length × columnLabels.length values, row-major. */
  readonly values: readonly number[];
  /** `diverging` centres the colour scale on 0 (signed loadings); `sequential` runs from the minimum (default). */
  readonly scale?: 'diverging' | 'sequential';
}

/** Ranked terms per group (LDA's top words per topic, the features that load most on each factor). */
export interface TopTermsView extends ViewBase {
  readonly kind: 'top-terms';
  readonly groups: readonly { readonly label: string; readonly terms: readonly { readonly term: string; readonly weight: number }[] }[];
}

/** Grey-scale images (a VAE's decoded latent traversals, reconstructed digits); pixel values in [0, 1], row-major. */
export interface ImagesView extends ViewBase {
  readonly kind: 'images';
  readonly width: number;
  readonly height: number;
  /** Images per row of the grid (default: all in one row). */
  readonly columns?: number;
  readonly images: readonly { readonly label?: string; readonly pixels: readonly number[] }[];
}

/** Nodes and weighted edges (a Deep Discrete Encoder's layer graph, a sparse loading pattern). */
export interface GraphView extends ViewBase {
  readonly kind: 'graph';
  readonly nodes: readonly { readonly id: string; readonly label?: string; readonly group?: string }[];
  readonly edges: readonly { readonly source: string; readonly target: string; readonly weight?: number }[];
}

/** Points in two dimensions (latent positions of the rows), optionally coloured by a group. */
export interface ScatterView extends ViewBase {
  readonly kind: 'scatter';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly group?: string }[];
}

/** One or more series against a shared x (a trace, a dual variable, per-epoch metrics). */
export interface LineView extends ViewBase {
  readonly kind: 'line';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly { readonly name: string; readonly x: readonly number[]; readonly y: readonly number[] }[];
}

/** The kinds of {@link ModelView}. */
export type ModelViewKind = ModelView['kind'];
