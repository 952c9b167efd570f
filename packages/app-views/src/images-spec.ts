import type { ImagesView } from '@latentkit/registry';
import { clamp, DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * An images view as a grid of small charts, one per image (`columns` per row), each a rect per pixel (`row`, `col`)
 * coloured from black (0) to white (1); values outside [0, 1] are clamped. Images are labelled when the view labels them.
 * @example
 * ```ts
 * imagesSpec({ kind: 'images', title: 'digits', width: 2, height: 2, images: [{ pixels: [0, 1, 1, 0] }] });
 * ```
 */
export function imagesSpec(view: ImagesView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const { width: w, height: h } = view;
  const values: { image: number; row: number; col: number; v: number }[] = [];
  view.images.forEach((img, k) => {
    if (img.pixels.length !== w * h) throw new Error(`images '${view.title}': image ${k + 1} has ${img.pixels.length} pixels, expected ${w} × ${h}`);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) values.push({ image: k, row: r, col: c, v: clamp(img.pixels[r * w + c], 0, 1) });
  });
  const columns = clamp(view.columns ?? view.images.length, 1, Math.max(1, view.images.length));
  const side = clamp(Math.floor((options.width ?? DEFAULT_VIEW_WIDTH) / columns) - 6, 24, 96);
  const labels = view.images.map((img) => img.label ?? '');
  const labelled = labels.some((l) => l !== '');
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    data: { values },
    facet: {
      field: 'image',
      type: 'ordinal',
      title: null,
      header: labelled ? { labelExpr: `${JSON.stringify(labels)}[datum.value]` } : { labels: false },
    },
    columns,
    spacing: 4,
    spec: {
      width: side,
      height: Math.round((side * h) / Math.max(1, w)),
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null },
        y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], range: ['black', 'white'] }, legend: null },
      },
    },
  };
}
