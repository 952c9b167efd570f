import type { Dataset } from '@latentkit/core';
import type { ReportSection } from '@latentkit/registry';
import type { FittedFactorModel } from './factor-fitted.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const MAX_POINTS = 5000;

type Plot = ReportSection['plots'][number];

/**
 * Report section of a fitted factor model: summary numbers, a table of loadings with communalities and noise
 * variances, and four plots: the heatmap of the standardised loadings W_jk / √C_jj (Vega-Lite `rect` marks,
 * features × factors; C_jj = Σ_k W_jk² + ψ_j, so columns in different units compare), the noise variance ψ_j and
 * shared variance Σ_k W_jk² of each feature as shares of C_jj, the mean log-likelihood per iteration,
 * and (given data) the factor scores E[z | x] of the rows (factor 1 against factor 2, coloured by the data's labels
 * when it has any; a histogram when K = 1).
 */
export function factorReport(fitted: FittedFactorModel<{ rotation: string; method?: string }>, data?: Dataset): ReportSection {
  const { d, k, loadings: w, noise } = fitted.state;
  const features = fitted.columns;
  const factors = Array.from({ length: k }, (_, a) => `factor ${a + 1}`);
  const summary: Record<string, string | number> = {
    components: k,
    ...(fitted.params.method !== undefined && { method: fitted.params.method }),
    rotation: fitted.params.rotation,
    iterations: fitted.iterations,
    converged: String(fitted.converged),
    parameters: fitted.nParameters,
  };
  const communality = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let a = 0; a < k; a++) s += w[j * k + a] ** 2;
    return s;
  });
  // C_jj = Σ_k W_jk² + ψ_j: loadings and noise are shown relative to it, so that columns in other units compare.
  const total = communality.map((h, j) => h + noise[j]);
  const step = Math.max(8, Math.min(18, Math.floor(480 / d)));
  const plots: Plot[] = [
    {
      title: `Standardised loadings W_jk / √C_jj, the correlation of feature j with factor k (${fitted.params.rotation === 'none' ? 'unrotated' : fitted.params.rotation})`,
      spec: {
        $schema: SCHEMA,
        width: { step: 48 },
        height: { step },
        data: {
          values: features.flatMap((f, j) =>
            factors.map((z, a) => ({ feature: f, factor: z, standardised: round(w[j * k + a] / Math.sqrt(total[j])), loading: round(w[j * k + a]) })),
          ),
        },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'factor', type: 'ordinal', sort: null, title: null },
          y: { field: 'feature', type: 'ordinal', sort: null, title: null },
          color: { field: 'standardised', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true }, title: 'loading / √C_jj' },
          tooltip: [{ field: 'feature' }, { field: 'factor' }, { field: 'standardised', type: 'quantitative' }, { field: 'loading', type: 'quantitative' }],
        },
      },
    },
    {
      title: 'Noise variance ψ_j and shared variance Σ_k W_jk² of each feature, as shares of C_jj',
      spec: {
        $schema: SCHEMA,
        width: 360,
        height: { step },
        data: {
          values: features.flatMap((f, j) => [
            { feature: f, part: 'shared (Σ_k W_jk²)', share: round(communality[j] / total[j]), variance: round(communality[j]), order: 0 },
            { feature: f, part: 'noise (ψ_j)', share: round(noise[j] / total[j]), variance: round(noise[j]), order: 1 },
          ]),
        },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'feature', type: 'ordinal', sort: null, title: null },
          x: { field: 'share', type: 'quantitative', stack: 'zero', scale: { domain: [0, 1] }, title: 'share of the model variance C_jj' },
          color: { field: 'part', type: 'nominal', sort: ['shared (Σ_k W_jk²)', 'noise (ψ_j)'], title: null },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [{ field: 'feature' }, { field: 'part' }, { field: 'variance', type: 'quantitative' }, { field: 'share', type: 'quantitative' }],
        },
      },
    },
    {
      title: 'Mean log-likelihood per iteration',
      spec: {
        $schema: SCHEMA,
        width: 420,
        height: 240,
        data: { values: fitted.trace.map((t) => ({ iteration: t.iteration, logLikelihood: t.objective })) },
        mark: { type: 'line', point: fitted.trace.length <= 60 },
        encoding: {
          x: { field: 'iteration', type: 'quantitative' },
          y: { field: 'logLikelihood', type: 'quantitative', scale: { zero: false }, title: 'mean log-likelihood (nats)' },
        },
      },
    },
  ];
  if (data && data.kind === 'dense' && data.nCols === d) {
    summary.logLikelihood = round(fitted.score(data));
    summary.bic = round(fitted.bic(data));
    summary.aic = round(fitted.aic(data));
    plots.push(scoresPlot(fitted, data));
  }
  const table = {
    title: 'Loadings, communalities Σ_k W_jk² and noise variances ψ_j',
    columns: ['feature', ...factors, 'communality', 'noise variance'],
    rows: features.map((f, j) => [f, ...Array.from({ length: k }, (_, a) => round(w[j * k + a])), round(communality[j]), round(noise[j])]),
  };
  return { title: `${fitted.title} (${fitted.key}, K = ${k})`, summary, tables: [table], plots };
}

function scoresPlot(fitted: FittedFactorModel<{ rotation: string }>, data: Dataset & { kind: 'dense' }): Plot {
  const z = fitted.transform(data);
  const k = z.nCols;
  const stride = Math.max(1, Math.ceil(data.nRows / MAX_POINTS));
  const labelled = data.labels !== undefined && data.labels.length === data.nRows;
  const colour = labelled ? { color: { field: 'label', type: 'nominal', title: data.labelName ?? 'label' } } : {};
  const points = [];
  for (let i = 0; i < data.nRows; i += stride) {
    points.push({
      factor1: round(z.values[i * k]),
      ...(k > 1 && { factor2: round(z.values[i * k + 1]) }),
      ...(labelled && { label: String(data.labels![i]) }),
    });
  }
  if (k === 1) {
    return {
      title: 'Factor scores E[z | x] of the rows',
      spec: {
        $schema: SCHEMA,
        width: 420,
        height: 240,
        data: { values: points },
        mark: { type: 'bar', opacity: 0.7 },
        encoding: {
          x: { field: 'factor1', type: 'quantitative', bin: { maxbins: 40 }, title: 'factor 1' },
          y: { aggregate: 'count', type: 'quantitative' },
          ...colour,
        },
      },
    };
  }
  return {
    title: 'Factor scores E[z | x] of the rows (factor 1 vs factor 2)',
    spec: {
      $schema: SCHEMA,
      width: 420,
      height: 360,
      data: { values: points },
      mark: { type: 'circle', size: 18, opacity: 0.6 },
      encoding: {
        x: { field: 'factor1', type: 'quantitative', title: 'factor 1', scale: { zero: false } },
        y: { field: 'factor2', type: 'quantitative', title: 'factor 2', scale: { zero: false } },
        ...colour,
      },
    },
  };
}

const round = (x: number): number => Number(x.toPrecision(6));
