/**
 * Typed pictures of a fitted model, returned by `Fitted.views()` and drawn the same way by the HTML report
 * (`latentkit report`) and the VS Code preview, so a new model gets plots in both without app changes.
 * Every view carries a `title` and optional `description`; numbers are plain arrays so views serialise to JSON.
 */
export type ModelView = HeatmapView | TopTermsView | ImagesView | GraphView | ScatterView | LineView;

interface ViewBase {
  /** The view's heading, one line (e.g. `loadings`); also names the view in error messages. */
  readonly title: string;
  /** One or two sentences under the heading on how to read the picture; none by default. */
  readonly description?: string;
}

/** A matrix drawn as coloured cells (loadings, covariances, topic–word weights, a latent graph's adjacency). */
export interface HeatmapView extends ViewBase {
  /** Marks a heatmap view. */
  readonly kind: 'heatmap';
  /** Label of each matrix row, top to bottom (e.g. feature names). */
  readonly rowLabels: readonly string[];
  /** Label of each matrix column, left to right (e.g. `factor1`, `factor2`). */
  readonly columnLabels: readonly string[];
  /** rowLabels.length × columnLabels.length values, row-major. */
  readonly values: readonly number[];
  /** `diverging` centres the colour scale on 0 (signed loadings); `sequential` runs from the minimum (default). */
  readonly scale?: 'diverging' | 'sequential';
}

/** Ranked terms per group (LDA's top words per topic, the features that load most on each factor). */
export interface TopTermsView extends ViewBase {
  /** Marks a top-terms view. */
  readonly kind: 'top-terms';
  /** One ranked list per group (topic, factor), drawn in this order. */
  readonly groups: readonly {
    /** The group's name, e.g. `topic 1`. */
    readonly label: string;
    /** The group's terms, highest ranked first, each drawn as a bar of length `weight`. */
    readonly terms: readonly {
      /** The term (a vocabulary word, a feature name). */
      readonly term: string;
      /** Its weight in the group, e.g. the topic–word probability or the loading. */
      readonly weight: number;
    }[];
  }[];
}

/** Grey-scale images (a VAE's decoded latent traversals, reconstructed digits); pixel values in [0, 1], row-major. */
export interface ImagesView extends ViewBase {
  /** Marks an images view. */
  readonly kind: 'images';
  /** Width of every image, in pixels (≥ 1). */
  readonly width: number;
  /** Height of every image, in pixels (≥ 1). */
  readonly height: number;
  /** Images per row of the grid (default: all in one row). */
  readonly columns?: number;
  /** The images, in grid order (left to right, then top to bottom). */
  readonly images: readonly {
    /** Caption under the image; none by default. */
    readonly label?: string;
    /** `height × width` grey levels, row-major, 0 black to 1 white (values outside are clamped). */
    readonly pixels: readonly number[];
  }[];
}

/** Nodes and weighted edges (a Deep Discrete Encoder's layer graph, a sparse loading pattern). */
export interface GraphView extends ViewBase {
  /** Marks a graph view. */
  readonly kind: 'graph';
  /** The nodes (latent variables, features); edges may name only these. */
  readonly nodes: readonly {
    /** Unique id of the node, which edges refer to. */
    readonly id: string;
    /** Text drawn at the node; default the id. */
    readonly label?: string;
    /** Colour class of the node (e.g. `observed` or `layer 1`); none by default. */
    readonly group?: string;
  }[];
  /** Directed edges, drawn from source (above) to target (below). */
  readonly edges: readonly {
    /** Id of the node the edge leaves (e.g. a deeper latent variable). */
    readonly source: string;
    /** Id of the node the edge enters (e.g. a shallower latent variable or a feature). */
    readonly target: string;
    /** Edge strength, e.g. a loading; drawn with width |weight|, red when negative; default 1. */
    readonly weight?: number;
  }[];
}

/** Points in two dimensions (latent positions of the rows), optionally coloured by a group. */
export interface ScatterView extends ViewBase {
  /** Marks a scatter view. */
  readonly kind: 'scatter';
  /** Title of the horizontal axis, e.g. `z1`. */
  readonly xLabel: string;
  /** Title of the vertical axis, e.g. `z2`. */
  readonly yLabel: string;
  /** One point per row. */
  readonly points: readonly {
    /** Horizontal coordinate, in the units of `xLabel`. */
    readonly x: number;
    /** Vertical coordinate, in the units of `yLabel`. */
    readonly y: number;
    /** The row's group (e.g. its label or cluster), which colours the point; none by default. */
    readonly group?: string;
  }[];
}

/** One or more series against a shared x (a trace, a dual variable, per-epoch metrics). */
export interface LineView extends ViewBase {
  /** Marks a line view. */
  readonly kind: 'line';
  /** Title of the horizontal axis, e.g. `iteration`. */
  readonly xLabel: string;
  /** Title of the vertical axis, e.g. `objective`. */
  readonly yLabel: string;
  /** The lines, coloured by series when there are several. */
  readonly series: readonly {
    /** The series' name in the legend, e.g. `elbo`. */
    readonly name: string;
    /** Horizontal coordinates of the line's points, in order. */
    readonly x: readonly number[];
    /** Vertical coordinates, one per entry of `x`. */
    readonly y: readonly number[];
  }[];
}

/** The kinds of {@link ModelView}. */
export type ModelViewKind = ModelView['kind'];
