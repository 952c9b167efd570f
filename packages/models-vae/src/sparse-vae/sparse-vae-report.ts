import type { HeatmapView, ReportSection } from '@latentkit/registry';
import type { VaeState } from '../common/vae-family.js';
import { MASK } from './sparse-decoder.js';
import type { SparseVaeParams } from './sparse-vae-params.js';

/** The fitted mask of a Sparse VAE: W (G × K), p*_jk = P(γ_jk = 1 | w_jk, η_k) and the inclusion rates η_k. */
export interface SparseVaeMask {
  /** Feature names (the G rows). */
  readonly features: readonly string[];
  /** The mask W, w_jk for each feature j and factor k (G × K). */
  readonly loadings: number[][];
  /** p*_jk = P(γ_jk = 1 | w_jk, η_k), the posterior inclusion probability of each w_jk (G × K). */
  readonly inclusion: number[][];
  /** The inclusion rates η_k of the K factors. */
  readonly eta: number[];
}

/** Read W, p* and η out of a Sparse VAE state. */
export function maskOf(state: VaeState, columns: readonly string[]): SparseVaeMask {
  const mask = state.weights[MASK];
  const [g, k] = mask.shape;
  const w = mask.dataSync();
  const p = state.extra.inclusion as Float64Array;
  const rows = (a: ArrayLike<number>) => Array.from({ length: g }, (_, j) => Array.from({ length: k }, (_, c) => a[j * k + c]));
  return { features: [...columns], loadings: rows(w), inclusion: rows(p), eta: Array.from(state.extra.eta as Float64Array) };
}

/** The sparsity pattern of the decoder: W (G features × K latents) as a diverging heatmap; zeros are pruned links. */
export function maskView(state: VaeState, columns: readonly string[]): HeatmapView {
  const mask = state.weights[MASK];
  const [, k] = mask.shape;
  return {
    kind: 'heatmap',
    title: 'Sparse VAE loadings W (sparsity pattern)',
    description: 'w_jk scales latent k’s input to feature j’s decoder; a zero means feature j does not depend on z_k.',
    rowLabels: [...columns],
    columnLabels: Array.from({ length: k }, (_, c) => `z${c + 1}`),
    values: Array.from(mask.dataSync()),
    scale: 'diverging',
  };
}

const round = (x: number): number => Number(x.toPrecision(4));

function heatmap(title: string, field: string, m: SparseVaeMask, values: number[][], scheme: Record<string, unknown>): ReportSection['plots'][number] {
  const k = values[0]?.length ?? 0;
  const cells = m.features.flatMap((feature, j) => Array.from({ length: k }, (_, c) => ({ feature, factor: `z${c + 1}`, [field]: round(values[j][c]) })));
  return {
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: Math.max(120, 40 * k),
      height: Math.min(600, Math.max(120, 16 * m.features.length)),
      data: { values: cells },
      layer: [
        {
          mark: 'rect',
          encoding: {
            x: { field: 'factor', type: 'ordinal', sort: null, title: 'factor' },
            y: { field: 'feature', type: 'ordinal', sort: null, title: 'feature' },
            color: { field, type: 'quantitative', scale: scheme, title: field },
          },
        },
        ...(m.features.length <= 40
          ? [
              {
                mark: { type: 'text', fontSize: 9 },
                encoding: {
                  x: { field: 'factor', type: 'ordinal', sort: null },
                  y: { field: 'feature', type: 'ordinal', sort: null },
                  text: { field, type: 'quantitative', format: '.2f' },
                },
              },
            ]
          : []),
      ],
    },
  };
}

/** Report content of the Sparse VAE: heatmaps of W and p*, a table of η, and the number of selected entries. */
export function sparseVaeReport(state: VaeState, params: SparseVaeParams, columns: readonly string[]): Pick<ReportSection, 'summary' | 'tables' | 'plots'> {
  const m = maskOf(state, columns);
  const selected = m.inclusion.flat().filter((p) => p > 0.5).length;
  return {
    summary: {
      spikePenalty: params.spikePenalty,
      slabPenalty: params.slabPenalty,
      sslNormalizer: params.sslNormalizer,
      selectedLoadings: `${selected} of ${m.inclusion.flat().length} (p* > 0.5)`,
    },
    tables: [
      {
        title: 'Inclusion rate η_k per factor',
        columns: ['factor', 'eta', 'features with p* > 0.5'],
        rows: m.eta.map((e, c) => [`z${c + 1}`, round(e), m.inclusion.filter((row) => row[c] > 0.5).length]),
      },
    ],
    plots: [
      heatmap('Decoder mask W (features × factors)', 'w', m, m.loadings, { scheme: 'redblue', domainMid: 0, reverse: true }),
      heatmap('Inclusion probabilities p* = P(γ = 1 | W, η)', 'pStar', m, m.inclusion, { scheme: 'blues', domain: [0, 1] }),
    ],
  };
}
