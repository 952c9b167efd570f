import type { HeatmapView } from '@latentkit/registry';
import type { FactorState } from './factor-fitted.js';

/**
 * The loadings W (D features × K factors, after the rotation) as a heatmap with a diverging scale centred on 0:
 * cell (j, k) is W_jk, the change of feature j's mean per unit of factor k.
 */
export function loadingsView(title: string, state: FactorState, columns: readonly string[], rotation: string): HeatmapView {
  const { k, loadings } = state;
  return {
    kind: 'heatmap',
    title: `${title}: loadings W (${rotation === 'none' ? 'unrotated' : rotation})`,
    description: 'W_jk: the change of feature j per unit of factor k; x = μ + W z + noise.',
    rowLabels: [...columns],
    columnLabels: Array.from({ length: k }, (_, a) => `factor${a + 1}`),
    values: Array.from(loadings),
    scale: 'diverging',
  };
}
