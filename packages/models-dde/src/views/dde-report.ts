import type { FitInfo, ReportSection } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import { layerWidths, type DdeLayer, type DdeState } from '../dde-state.js';

type Table = NonNullable<ReportSection['tables']>[number];

/**
 * The share of entries on which two 0/1 graphs of the same shape agree (the spectral initialisation's G^(d) against
 * the fitted one; latents keep their labels through the fit, so no matching is needed); `null` when the shapes differ.
 */
export function graphAgreement(a: DdeLayer['graph'], b: DdeLayer['graph']): number | null {
  if (a.length !== b.length || a.length === 0 || a.some((row, c) => row.length !== b[c].length)) return null;
  let same = 0;
  let total = 0;
  a.forEach((row, c) =>
    row.forEach((g, k) => {
      total += 1;
      if (g === b[c][k]) same += 1;
    }),
  );
  return total === 0 ? null : same / total;
}

/**
 * The report section of a fitted DDE: the widths K_1 > … > K_D, the observed families, engine, iterations and
 * convergence, and a table per layer of its children, edges |G^(d)|, the penalty λ_d and threshold τ_d it was fitted
 * with (from the resolved `params`, when given) and, with `state.initialLayers`, the share of G^(d) on which the
 * spectral initialisation already agreed with the fit; with `state.selection`, a table of the spectral-gap ratios
 * with the chosen width of each layer. The pictures are the model's views, which the report draws beside this.
 */
export function ddeReport(
  state: DdeState,
  info: Pick<FitInfo, 'key' | 'engine' | 'iterations' | 'converged'>,
  params?: Pick<DdeParams, 'lambda' | 'tau' | 'sampler'>,
): ReportSection {
  const widths = layerWidths(state);
  const families = countFamilies(state.families);
  const summary: Record<string, string | number> = {
    layers: widths.join(', '),
    columns: state.columns.length,
    families,
    engine: info.engine,
    ...(params && { sampler: params.sampler }),
    iterations: info.iterations,
    converged: String(info.converged),
    edges: state.layers.reduce((s, l) => s + countEdges(l), 0),
  };
  if (state.selection) summary.selected = state.selection.map((s, i) => `K${i + 1} = ${s.chosen}`).join(', ');
  const perLayer = (values: readonly number[] | 'auto' | undefined, d: number): number | string =>
    values === undefined || values === 'auto' ? '-' : round(values.length === 1 ? values[0] : (values[d - 1] ?? Number.NaN));
  const layersTable: Table = {
    title: 'Layers (bottom-up)',
    columns: ['layer', 'K', 'children', 'edges', 'λ', 'τ', ...(state.initialLayers ? ['spectral init agreement'] : [])],
    rows: state.layers.map((layer, i) => {
      const d = i + 1;
      const agreement = state.initialLayers?.[i] ? graphAgreement(state.initialLayers[i].graph, layer.graph) : null;
      return [
        d,
        widths[i],
        d === 1 ? `${state.columns.length} observed` : `${widths[i - 1]} of layer ${d - 1}`,
        countEdges(layer),
        perLayer(params?.lambda, d),
        perLayer(params?.tau, d),
        ...(state.initialLayers ? [agreement === null ? '-' : round(agreement)] : []),
      ];
    }),
  };
  const tables: Table[] = [layersTable];
  if (state.selection) {
    tables.push({
      title: 'Spectral-gap selection of the widths (σ_k/σ_{k+1})',
      columns: ['layer', 'chosen K', 'ratios (k: σ_k/σ_{k+1})'],
      rows: state.selection.map((s, i) => [i + 1, s.chosen, s.grid.map((k, q) => `${k}: ${round(s.ratios[q])}`).join(', ')]),
    });
  }
  return { title: `Deep Discrete Encoder (${info.key}, K = ${widths.join(', ')})`, summary, tables, plots: [] };
}

const countEdges = (layer: DdeLayer): number => layer.graph.reduce((s, row) => s + row.reduce((a, g) => a + (g === 1 ? 1 : 0), 0), 0);

function countFamilies(families: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const f of families) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts.size === 1 ? [...counts.keys()][0] : [...counts].map(([f, n]) => `${f} (${n})`).join(', ');
}

const round = (x: number): number => Number(x.toPrecision(4));
