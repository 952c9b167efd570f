import type { Dataset } from '@latentkit/core';
import type { ReportSection } from '@latentkit/registry';
import type { FittedVae } from './vae-fitted.js';
import type { VaeCommonParams, VaeTrainingParams } from './vae-params.js';

const MAX_POINTS = 2000;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const round = (x: number): number => Number(x.toPrecision(6));

/**
 * Report section of a fitted VAE-family model: settings and scores, the ELBO per epoch, the posterior means of
 * the first two latent dimensions (coloured by label when the data has one), plus the model's own content
 * (for the Sparse VAE, heatmaps of W and of its inclusion probabilities).
 */
export function vaeReport<P extends VaeTrainingParams>(fitted: FittedVae<P>, data?: Dataset): ReportSection {
  const p = fitted.params;
  // The latent size as the model's parameters state it (for the hierarchical VAE the bottom layer), else the columns.
  const k = (p as Partial<VaeCommonParams>).latentDim ?? fitted.latentDim;
  const summary: Record<string, string | number> = {
    latentDim: k,
    hiddenUnits: p.hiddenUnits.join('-'),
    likelihood: p.likelihood,
    epochs: fitted.iterations,
    estimator: p.estimator,
  };
  if (p.beta !== 1) summary.beta = p.beta;
  const last = fitted.trace[fitted.trace.length - 1];
  if (last) summary.trainingElbo = round(last.objective);
  const plots: ReportSection['plots'][number][] = [
    {
      title: 'ELBO per epoch (mean per row, nats)',
      spec: {
        $schema: SCHEMA,
        width: 420,
        height: 240,
        data: { values: fitted.trace.map((t) => ({ epoch: t.iteration, elbo: t.objective })) },
        mark: { type: 'line', point: true },
        encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'elbo', type: 'quantitative', scale: { zero: false }, title: 'ELBO (nats)' } },
      },
    },
  ];
  if (data && data.kind === 'dense' && data.nCols === fitted.columns.length) {
    for (const [name, v] of Object.entries(fitted.scores(data))) summary[name] = round(v);
    const z = fitted.transform(data);
    if (z.nCols >= 2) {
      const step = Math.max(1, Math.ceil(z.nRows / MAX_POINTS));
      const points = [];
      for (let i = 0; i < z.nRows; i += step) {
        points.push({ x: z.values[i * z.nCols], y: z.values[i * z.nCols + 1], ...(data.labels && { label: String(data.labels[i]) }) });
      }
      plots.push({
        title: `Posterior means: ${z.columns[0]} vs ${z.columns[1]}`,
        spec: {
          $schema: SCHEMA,
          width: 420,
          height: 360,
          data: { values: points },
          mark: { type: 'circle', size: 14, opacity: 0.6 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: z.columns[0] },
            y: { field: 'y', type: 'quantitative', title: z.columns[1] },
            ...(data.labels && { color: { field: 'label', type: 'nominal', title: data.labelName ?? 'label' } }),
          },
        },
      });
    }
  }
  const extra = fitted.family.report?.(fitted.state, p, { columns: fitted.columns }) ?? {};
  return {
    title: `${fitted.family.title} (${fitted.key}, K = ${k})`,
    summary: { ...summary, ...(extra.summary ?? {}) },
    ...(extra.tables && { tables: extra.tables }),
    plots: [...plots, ...(extra.plots ?? [])],
  };
}
