import { viewSpec, type VegaLiteSpec } from '@latentkit/app-views';
import type { ModelView, ModelViewKind } from '@latentkit/registry';

/** Where the preview shows the views of one kind: the section's id and heading, and the figures' `data-plot`. */
interface KindPlace {
  readonly section: string;
  readonly heading: string;
  readonly plot: string;
}

/** The preview's section for each kind of view, in the order the sections appear. */
export const VIEW_SECTIONS: Readonly<Record<ModelViewKind, KindPlace>> = {
  heatmap: { section: 'heatmaps', heading: 'Heatmaps', plot: 'heatmap' },
  'top-terms': { section: 'topics', heading: 'Top terms', plot: 'top-words' },
  graph: { section: 'graphs', heading: 'Graphs', plot: 'graph' },
  scatter: { section: 'scatters', heading: 'Scatter plots', plot: 'scatter' },
  line: { section: 'lines', heading: 'Lines', plot: 'line' },
  images: { section: 'images', heading: 'Images', plot: 'images' },
};

/** One figure of the preview drawn from a view. */
export interface ViewFigure {
  readonly plot: string;
  readonly caption: string;
  readonly description?: string;
  /** The view's Vega-Lite spec; undefined with `error` when the view's numbers do not fit its shape. */
  readonly spec?: VegaLiteSpec;
  readonly error?: string;
  /** Canvas for image grids of more than 20,000 pixels (SVG gets slow), else SVG. */
  readonly renderer: 'svg' | 'canvas';
}

/** The sections of views the preview shows, each with its figures, in {@link VIEW_SECTIONS} order. */
export interface ViewSection extends KindPlace {
  readonly figures: readonly ViewFigure[];
  /** The figures are drawn in a row (several heatmaps; several scatters, e.g. a contrastive VAE's shared and salient blocks). */
  readonly sideBySide: boolean;
}

const caption = (view: ModelView): string => {
  switch (view.kind) {
    case 'heatmap':
      return `${view.title} (${view.rowLabels.length} × ${view.columnLabels.length})`;
    case 'images':
      return `${view.title} (${view.images.length} images of ${view.width} × ${view.height})`;
    case 'top-terms':
      return `${view.title} (${view.groups.length} groups)`;
    default:
      return view.title;
  }
};

/**
 * The figures of the preview's view sections, from the views the host sent (the model's `views(data)` and the
 * preview's image grids), each drawn with `@latentkit/app-views`: heatmaps side by side at a third of `width` when
 * there are several, scatters side by side at half of `width` when there are several, the other kinds at `width`.
 * @example
 * ```ts
 * viewSections(content.views, 900).map((s) => s.section); // ['heatmaps', 'topics', …]
 * ```
 */
export function viewSections(views: readonly ModelView[], width: number): ViewSection[] {
  const heatmaps = views.filter((v) => v.kind === 'heatmap').length;
  const scatters = views.filter((v) => v.kind === 'scatter').length;
  return (Object.keys(VIEW_SECTIONS) as ModelViewKind[])
    .map((kind) => {
      const place = VIEW_SECTIONS[kind];
      const figures = views
        .filter((v) => v.kind === kind)
        .map((view): ViewFigure => {
          const w =
            kind === 'heatmap'
              ? Math.floor(width / Math.min(3, Math.max(1, heatmaps))) - 120
              : kind === 'scatter' && scatters > 1
                ? Math.floor(width / 2) - 60
                : width;
          const pixels = view.kind === 'images' ? view.width * view.height * view.images.length : 0;
          const base = {
            plot: place.plot,
            caption: caption(view),
            ...(view.description && { description: view.description }),
            renderer: pixels > 20000 ? ('canvas' as const) : ('svg' as const),
          };
          try {
            return { ...base, spec: viewSpec(view, { width: w }) };
          } catch (e) {
            return { ...base, error: (e as Error).message };
          }
        });
      return { ...place, figures, sideBySide: (kind === 'heatmap' || kind === 'scatter') && figures.length > 1 };
    })
    .filter((s) => s.figures.length > 0);
}
