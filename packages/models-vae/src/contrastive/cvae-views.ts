import type { Dataset } from '@latentkit/core';
import type { LineView, ModelView, ScatterView } from '@latentkit/registry';
import type { FittedVae } from '../common/vae-fitted.js';
import { decoderWeightsView } from '../common/vae-views.js';
import type { CvaeParams } from './cvae-params.js';

const MAX_POINTS = 2000;

/** Per-epoch extra trace values (MGDA weights, the multiplier, per-group objectives) when the engine records them. */
function traceExtras(fitted: FittedVae<CvaeParams>): Map<string, { x: number[]; y: number[] }> {
  const out = new Map<string, { x: number[]; y: number[] }>();
  for (const entry of fitted.trace) {
    const extra = (entry as { extra?: Record<string, number> }).extra;
    for (const [name, v] of Object.entries(extra ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (!out.has(name)) out.set(name, { x: [], y: [] });
      out.get(name)!.x.push(entry.iteration);
      out.get(name)!.y.push(v);
    }
  }
  return out;
}

/** Scatter of the first two columns of one block (the second axis is 0 for a one-dimensional block), coloured by group. */
function blockScatter(
  title: string,
  cols: readonly string[],
  values: Float64Array,
  width: number,
  offset: number,
  dim: number,
  groups?: readonly string[],
): ScatterView {
  const n = Math.min(values.length / width, MAX_POINTS);
  return {
    kind: 'scatter',
    title,
    xLabel: cols[offset],
    yLabel: dim > 1 ? cols[offset + 1] : '(none)',
    points: Array.from({ length: n }, (_, i) => ({
      x: values[i * width + offset],
      y: dim > 1 ? values[i * width + offset + 1] : 0,
      ...(groups && { group: groups[i] }),
    })),
  };
}

/**
 * Views of a fitted contrastive VAE. With data: the shared and the salient posterior means side by side (first two
 * dimensions of each block, coloured by group), and the mean |μ_t| per salient dimension for background and target
 * rows (background rows should sit at 0; their salient columns are the encoder's output, never zeroed). From the fit
 * trace: the objective per epoch, with the per-group objectives when the engine records them, and the MGDA weights or
 * Lagrange multiplier per epoch when present. Without data or trace extras: the first decoder layer's weights.
 */
export function cvaeViews(fitted: FittedVae<CvaeParams>, data?: Dataset): ModelView[] {
  const p = fitted.params;
  const out: ModelView[] = [];
  if (data && data.kind === 'dense') {
    const latent = fitted.transform(data);
    const groups = data.groups?.values;
    out.push(blockScatter('Shared latents (posterior means)', latent.columns, latent.values, latent.nCols, 0, p.sharedDim, groups));
    out.push(blockScatter('Salient latents (posterior means)', latent.columns, latent.values, latent.nCols, p.sharedDim, p.salientDim, groups));
    if (groups) {
      const series = [
        { name: 'background', rows: groups.map((g) => g === p.background) },
        { name: 'target', rows: groups.map((g) => g !== p.background) },
      ].map(({ name, rows }) => {
        const y = Array.from({ length: p.salientDim }, (_, a) => {
          let s = 0;
          let c = 0;
          rows.forEach((on, i) => on && ((s += Math.abs(latent.values[i * latent.nCols + p.sharedDim + a])), c++));
          return c ? s / c : 0;
        });
        return { name, x: y.map((_, a) => a + 1), y };
      });
      out.push({
        kind: 'line',
        title: 'Mean |salient posterior mean| per dimension (background should be 0)',
        xLabel: 'salient dimension',
        yLabel: 'mean |μ_t|',
        series,
      });
    }
  }
  const extras = traceExtras(fitted);
  const objectiveNames = [...extras.keys()].filter((k) => /elbo|loss|objective/i.test(k));
  const weightNames = [...extras.keys()].filter((k) => !objectiveNames.includes(k));
  if (fitted.trace.length > 0) {
    const objective: LineView = {
      kind: 'line',
      title: 'Objective per epoch',
      xLabel: 'epoch',
      yLabel: 'mean per row',
      series: [
        { name: 'ELBO', x: fitted.trace.map((e) => e.iteration), y: fitted.trace.map((e) => e.objective) },
        ...objectiveNames.map((name) => ({ name, ...extras.get(name)! })),
      ],
    };
    out.push(objective);
  }
  if (weightNames.length > 0)
    out.push({
      kind: 'line',
      title: 'MGDA weight / Lagrange multiplier per epoch',
      xLabel: 'epoch',
      yLabel: 'value',
      series: weightNames.map((name) => ({ name, ...extras.get(name)! })),
    });
  if (out.length === 0) {
    const w = decoderWeightsView(fitted.state);
    if (w) out.push(w);
  }
  return out;
}
