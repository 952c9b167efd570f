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

/** Rows `0, s, 2s, …` with the stride s chosen so that at most {@link MAX_POINTS} rows are drawn (both groups are kept when one comes first). */
function strideRows(n: number): number[] {
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  return Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
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
  return {
    kind: 'scatter',
    title,
    xLabel: cols[offset],
    yLabel: dim > 1 ? cols[offset + 1] : '(none)',
    points: strideRows(values.length / width).map((i) => ({
      x: values[i * width + offset],
      y: dim > 1 ? values[i * width + offset + 1] : 0,
      ...(groups && { group: groups[i] }),
    })),
  };
}

/**
 * The multi-objective views of the trace extras: the MGDA weight of each task per epoch (`mgda.<task>`, 'mgda'), the
 * Lagrange multiplier λ per epoch (`lambda`, 'constrained') and the smoothed constraint R̄ per epoch against its bound
 * ε (`constraint`); R̄ and λ have different units, so they are drawn apart.
 */
function schemeViews(extras: Map<string, { x: number[]; y: number[] }>, bound: number): LineView[] {
  const epochLine = (title: string, description: string, yLabel: string, series: LineView['series']): LineView => ({
    kind: 'line',
    title,
    description,
    xLabel: 'epoch',
    yLabel,
    series,
  });
  const out: LineView[] = [];
  const mgda = [...extras.keys()].filter((k) => k.startsWith('mgda.'));
  if (mgda.length > 0) {
    const series = mgda.map((k) => ({ name: k.slice('mgda.'.length), ...extras.get(k)! }));
    const about = "Each task's mean weight α in the min-norm combination of the tasks' gradients (the weights sum to 1).";
    out.push(epochLine('MGDA weight per epoch', about, 'weight α', series));
  }
  const lambda = extras.get('lambda');
  if (lambda)
    out.push(
      epochLine('Lagrange multiplier per epoch', 'The multiplier λ ≥ 0 of the constraint R ≤ ε at the end of each epoch.', 'λ', [{ name: 'λ', ...lambda }]),
    );
  const constraint = extras.get('constraint');
  if (constraint) {
    const series = [
      { name: 'R̄', ...constraint },
      { name: 'bound ε', x: constraint.x, y: constraint.x.map(() => bound) },
    ];
    out.push(epochLine('Constraint per epoch', 'The smoothed regulariser R̄ at the end of each epoch, and its bound ε.', 'R', series));
  }
  return out;
}

/**
 * Views of a fitted contrastive VAE. With data: the shared and the salient posterior means side by side (first two
 * dimensions of each block, coloured by group), and the mean |μ_t| per salient dimension for background and target
 * rows (background rows should sit at 0; their salient columns are the encoder's output, never zeroed). From the fit
 * trace: the objective per epoch, with the per-group objectives when the engine records them, the MGDA weights per
 * epoch ('mgda'), and the Lagrange multiplier and the constraint against its bound per epoch ('constrained'). Scatters
 * draw at most 2,000 rows, an even stride through all of them (so both groups are drawn when one comes first).
 * Without data or trace extras: the first decoder layer's weights.
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
  // Per-group objectives, when the engine records them (`loss.<task>`, `elbo.<group>`, `objective.<group>`).
  const objectiveNames = [...extras.keys()].filter((k) => /^(elbo|loss|objective)\./i.test(k));
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
  const bound = fitted.info.engineParams?.constraintBound;
  out.push(...schemeViews(extras, typeof bound === 'number' ? bound : p.constraintBound));
  if (out.length === 0) {
    const w = decoderWeightsView(fitted.state);
    if (w) out.push(w);
  }
  return out;
}
