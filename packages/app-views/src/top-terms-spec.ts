import type { TopTermsView } from '@latentkit/registry';
import { clamp, DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * A top-terms view as horizontal bars, one small chart per group (in the view's order) with its terms in the view's
 * order (`rank` 0 first, at the top) and bar length `weight`.
 * @example
 * ```ts
 * topTermsSpec({ kind: 'top-terms', title: 'topics', groups: [{ label: 'topic 1', terms: [{ term: 'rain', weight: 0.3 }] }] });
 * ```
 */
export function topTermsSpec(view: TopTermsView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const values = view.groups.flatMap((g) => g.terms.map((t, rank) => ({ group: g.label, term: t.term, weight: t.weight, rank })));
  const width = options.width ?? DEFAULT_VIEW_WIDTH;
  const columns = clamp(Math.floor(width / 200), 1, 4);
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    data: { values },
    facet: { field: 'group', type: 'nominal', title: null, sort: view.groups.map((g) => g.label) },
    columns,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: Math.max(100, Math.floor(width / columns) - 90),
      height: 16 * Math.max(1, ...view.groups.map((g) => g.terms.length)),
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'term', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null },
        x: { field: 'weight', type: 'quantitative', title: 'weight' },
      },
    },
  };
}
