import type { FitInfo, LineView } from '@latentkit/registry';
import type { DdeState } from '../dde-state.js';

/**
 * The fit's objective per iteration (the SAEM running mean of the penalised complete-data log-likelihood, or
 * exact EM's penalised log-likelihood, per row), one series per restart when the trace has several.
 */
export function ddeObjectiveView(info: Pick<FitInfo, 'trace' | 'engine'>): LineView {
  const restarts = [...new Set(info.trace.map((t) => t.restart ?? 0))];
  return {
    kind: 'line',
    title: 'Objective per iteration',
    description: `The penalised objective per row recorded by ${info.engine} at each iteration.`,
    xLabel: 'iteration',
    yLabel: 'objective per row',
    series: restarts.map((r) => {
      const entries = info.trace.filter((t) => (t.restart ?? 0) === r);
      return { name: restarts.length > 1 ? `restart ${r + 1}` : 'objective', x: entries.map((t) => t.iteration), y: entries.map((t) => t.objective) };
    }),
  };
}

/**
 * The spectral-gap ratios σ_k/σ_{k+1} against k for each layer whose width `layers: 'auto'` selected
 * (ALGORITHMS.md §2.3): the chosen K_d is the k of the largest ratio on the layer's grid. `undefined` without a selection.
 */
export function ddeSpectralGapView(state: Pick<DdeState, 'selection'>): LineView | undefined {
  if (!state.selection || state.selection.length === 0) return undefined;
  const chosen = state.selection.map((s, i) => `K${i + 1} = ${s.chosen}`).join(', ');
  return {
    kind: 'line',
    title: `Spectral-gap ratios (chosen ${chosen})`,
    description: 'σ_k/σ_{k+1} of consecutive singular values per layer; each layer takes the width k with the largest ratio on its grid.',
    xLabel: 'k',
    yLabel: 'σ_k / σ_{k+1}',
    series: state.selection.map((s, i) => ({ name: `layer ${i + 1}`, x: [...s.grid], y: [...s.ratios] })),
  };
}
