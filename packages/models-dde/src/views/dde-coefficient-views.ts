import type { HeatmapView } from '@latentkit/registry';
import type { DdeState } from '../dde-state.js';
import { childLabels, latentId } from './dde-node-ids.js';

/**
 * One heatmap per layer d of its coefficients, children × [intercept, β_1, …, β_{K_d}] on a diverging scale
 * (children: the observed columns for d = 1, the latents of layer d − 1 above that). Cell (c, 1 + k) is the change of
 * child c's linear predictor η_c when A^(d)_k switches on; slopes outside the graph are 0.
 */
export function ddeCoefficientViews(state: DdeState): HeatmapView[] {
  return state.layers.map((layer, i) => {
    const d = i + 1;
    const k = layer.coefficients[0].length - 1;
    return {
      kind: 'heatmap',
      title: `Layer ${d} coefficients (${d === 1 ? 'observed columns' : `layer ${d - 1} latents`} × intercept and A^(${d}) slopes)`,
      description: `η_c = β_c0 + Σ_k β_ck·A^(${d})_k for each child c; zero slopes are outside the graph G^(${d}).`,
      rowLabels: childLabels(state, d),
      columnLabels: ['intercept', ...Array.from({ length: k }, (_, c) => latentId(d, c))],
      values: layer.coefficients.flatMap((row) => [...row]),
      scale: 'diverging',
    };
  });
}
