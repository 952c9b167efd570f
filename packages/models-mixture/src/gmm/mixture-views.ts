import type { Dataset } from '@latentkit/core';
import type { ModelView } from '@latentkit/registry';
import { planeOf, planePoints } from './mixture-projection.js';

/** Rows drawn at most in the scatter view (every ⌈N / 5000⌉-th row). */
export const MAX_VIEW_POINTS = 5000;

/** What {@link mixtureViews} needs from a fitted mixture (plain or Bayesian). */
export interface MixtureViewSource {
  readonly k: number;
  readonly d: number;
  /** Component means, row-major K×D. */
  readonly means: Float64Array;
  /** Mixing weights (K). */
  readonly weights: Float64Array;
  /** Names of the D data columns. */
  readonly columns: readonly string[];
  /** How the weights are written (`π_k`, `E[π_k]`). */
  readonly weightName: string;
  predict(data: Dataset): Int32Array;
}

/** `component1` … `componentK`, the names of the columns `transform` returns. */
export const componentNames = (k: number): string[] => Array.from({ length: k }, (_, c) => `component${c + 1}`);

/**
 * The views of a fitted Gaussian mixture: a heatmap of the component means μ_k (K rows, one column per feature;
 * diverging, as means are signed), the mixing weights against the component index, and, when `data` is dense with the
 * training columns and D ≥ 2, its complete rows in the plane of the first two columns (D = 2) or of the first two
 * principal axes (D > 2), each labelled with its most probable component (`predict`).
 */
export function mixtureViews(source: MixtureViewSource, data?: Dataset): ModelView[] {
  const { k, d, columns } = source;
  const names = componentNames(k);
  const views: ModelView[] = [
    {
      kind: 'heatmap',
      title: 'Component means',
      description: 'Mean μ_k of each component (rows) by feature (columns), in the units of the data.',
      rowLabels: names,
      columnLabels: [...columns],
      values: Array.from(source.means),
      scale: 'diverging',
    },
    {
      kind: 'line',
      title: 'Mixing weights',
      description: `${source.weightName} of each component; weights near 0 mark components the data do not use.`,
      xLabel: 'component',
      yLabel: source.weightName,
      series: [{ name: source.weightName, x: names.map((_, c) => c + 1), y: Array.from(source.weights) }],
    },
  ];
  if (data?.kind === 'dense' && data.nCols === d && d >= 2) {
    const plane = planeOf(data.values, data.nRows, d, columns);
    const labels = source.predict(data);
    views.push({
      kind: 'scatter',
      title: 'Data by most probable component',
      description: `Complete rows in the plane of ${plane.names[0]} and ${plane.names[1]}, labelled by their most probable component.`,
      xLabel: plane.names[0],
      yLabel: plane.names[1],
      points: planePoints(plane, data.values, data.nRows, MAX_VIEW_POINTS).map((p) => ({ x: p.x, y: p.y, group: names[labels[p.row]] })),
    });
  }
  return views;
}
