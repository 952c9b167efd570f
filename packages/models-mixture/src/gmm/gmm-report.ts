import { matrix, symmetricEigen, type Dataset } from '@latentkit/core';
import type { ReportSection, TraceEntry } from '@latentkit/registry';
import type { FittedGmm } from './gmm-fitted.js';
import type { GmmState } from './gmm-state.js';

const MAX_POINTS = 5000;

/** What {@link mixtureReport} needs from a fitted mixture (plain or Bayesian). */
export interface MixtureReportView {
  readonly title: string;
  readonly state: Pick<GmmState, 'k' | 'd' | 'covarianceType' | 'weights' | 'means' | 'covariances'>;
  readonly columns: readonly string[];
  readonly trace: readonly TraceEntry[];
  /** Title and y-axis label of the objective-per-iteration plot. */
  readonly traceTitle: string;
  readonly traceAxis: string;
  /** Numbers that do not depend on the data (iterations, parameters, ...). */
  readonly summary: Readonly<Record<string, string | number>>;
  /** Numbers on the data (log-likelihood, BIC, ...). */
  dataSummary(data: Dataset): Record<string, number>;
  predict(data: Dataset): Int32Array;
}

/**
 * Report section of a fitted GMM: summary numbers, a table of components, the mean log-likelihood per
 * iteration, and the data coloured by most probable component with 2σ ellipses of each component
 * (in the plane of the first two columns when D = 2, else of the first two principal axes of the data).
 */
export function gmmReport(fitted: FittedGmm, data?: Dataset): ReportSection {
  const { k } = fitted.state;
  return mixtureReport(
    {
      title: `Gaussian mixture (mixture/gmm, K = ${k})`,
      state: fitted.state,
      columns: fitted.info.columns,
      trace: fitted.trace,
      traceTitle: 'Mean log-likelihood per EM iteration',
      traceAxis: 'mean log-likelihood (nats)',
      summary: {
        components: k,
        covarianceType: fitted.state.covarianceType,
        iterations: fitted.iterations,
        converged: String(fitted.converged),
        parameters: fitted.nParameters,
      },
      dataSummary: (d) => ({ logLikelihood: fitted.score(d), bic: fitted.bic(d), aic: fitted.aic(d) }),
      predict: (d) => fitted.predict(d),
    },
    data,
  );
}

/**
 * The report section of a Gaussian mixture: `view.summary` and the data numbers, a table of components, the
 * objective per iteration, and the data coloured by most probable component with 2σ ellipses of each component
 * (in the plane of the first two columns when D = 2, else of the first two principal axes of the complete rows).
 * Rows with missing cells are left out of the scatter plot.
 */
export function mixtureReport(view: MixtureReportView, data?: Dataset): ReportSection {
  const { k, d } = view.state;
  const cols = view.columns;
  const summary: Record<string, string | number> = { ...view.summary };
  const plots: ReportSection['plots'][number][] = [
    {
      title: view.traceTitle,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        width: 420,
        height: 240,
        data: { values: view.trace.map((t) => ({ iteration: t.iteration, objective: t.objective, restart: `init ${(t.restart ?? 0) + 1}` })) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'iteration', type: 'quantitative' },
          y: { field: 'objective', type: 'quantitative', scale: { zero: false }, title: view.traceAxis },
          color: { field: 'restart', type: 'nominal' },
        },
      },
    },
  ];
  if (data && data.kind === 'dense' && data.nCols === d) {
    for (const [name, v] of Object.entries(view.dataSummary(data))) summary[name] = round(v);
    const { axes, mean, names } = projection(data.values, data.nRows, d, cols);
    const labels = view.predict(data);
    const step = Math.max(1, Math.ceil(data.nRows / MAX_POINTS));
    const points = [];
    for (let i = 0; i < data.nRows; i += step) {
      const row = data.values.subarray(i * d, i * d + d);
      if (row.some((v) => v !== v)) continue;
      const [px, py] = project(row, mean, axes, d);
      points.push({ x: px, y: py, component: `component ${labels[i] + 1}` });
    }
    const ellipses = [];
    for (let c = 0; c < k; c++) {
      const mu = view.state.means.subarray(c * d, c * d + d);
      const [cx, cy] = project(mu, mean, axes, d);
      const cov = view.state.covariances.subarray(c * d * d, (c + 1) * d * d);
      const [a, b, e] = projectedCovariance(cov, axes, d);
      for (let t = 0; t <= 60; t++) {
        const ang = (2 * Math.PI * t) / 60;
        const [ex, ey] = ellipsePoint(a, b, e, ang);
        ellipses.push({ x: cx + 2 * ex, y: cy + 2 * ey, component: `component ${c + 1}`, order: t });
      }
    }
    plots.push({
      title: `Data coloured by most probable component, with 2σ ellipses (${names[0]} vs ${names[1]})`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        width: 420,
        height: 360,
        layer: [
          {
            data: { values: points },
            mark: { type: 'circle', size: 18, opacity: 0.6 },
            encoding: {
              x: { field: 'x', type: 'quantitative', title: names[0], scale: { zero: false } },
              y: { field: 'y', type: 'quantitative', title: names[1], scale: { zero: false } },
              color: { field: 'component', type: 'nominal' },
            },
          },
          {
            data: { values: ellipses },
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x: { field: 'x', type: 'quantitative' },
              y: { field: 'y', type: 'quantitative' },
              color: { field: 'component', type: 'nominal' },
              detail: { field: 'component' },
              order: { field: 'order', type: 'quantitative' },
            },
          },
        ],
      },
    });
  }
  const table = {
    title: 'Components',
    columns: ['component', 'weight', ...cols.map((c) => `mean ${c}`)],
    rows: Array.from({ length: k }, (_, c) => [c + 1, round(view.state.weights[c]), ...Array.from(view.state.means.subarray(c * d, c * d + d), round)]),
  };
  return { title: view.title, summary, tables: [table], plots };
}

const round = (x: number): number => Number(x.toPrecision(6));

/** Two orthonormal axes: the first two columns when D = 2 (or D = 1 padded), else the top two principal axes of the complete rows. */
function projection(values: Float64Array, n: number, d: number, cols: readonly string[]): { axes: Float64Array[]; mean: Float64Array; names: string[] } {
  const complete: number[] = [];
  for (let i = 0; i < n; i++) if (!values.subarray(i * d, i * d + d).some((v) => v !== v)) complete.push(i);
  const m = Math.max(1, complete.length);
  const mean = new Float64Array(d);
  for (const i of complete) for (let j = 0; j < d; j++) mean[j] += values[i * d + j] / m;
  if (d <= 2) {
    const e0 = new Float64Array(d);
    e0[0] = 1;
    const e1 = new Float64Array(d);
    if (d === 2) e1[1] = 1;
    return { axes: [e0, e1], mean: new Float64Array(d), names: [cols[0], cols[1] ?? '(none)'] };
  }
  const cov = new Float64Array(d * d);
  for (const i of complete) {
    for (let a = 0; a < d; a++) {
      const va = values[i * d + a] - mean[a];
      for (let b = 0; b < d; b++) cov[a * d + b] += (va * (values[i * d + b] - mean[b])) / m;
    }
  }
  const eig = symmetricEigen(matrix(d, d, cov));
  const axis = (j: number) => Float64Array.from({ length: d }, (_, r) => eig.vectors.data[r * d + j]);
  return { axes: [axis(0), axis(1)], mean, names: ['principal axis 1', 'principal axis 2'] };
}

function project(x: Float64Array, mean: Float64Array, axes: Float64Array[], d: number): [number, number] {
  let px = 0;
  let py = 0;
  for (let j = 0; j < d; j++) {
    px += (x[j] - mean[j]) * axes[0][j];
    py += (x[j] - mean[j]) * axes[1][j];
  }
  return [px, py];
}

/** Entries (a, b, e) of the projected 2×2 covariance [[a, e], [e, b]]. */
function projectedCovariance(cov: Float64Array, axes: Float64Array[], d: number): [number, number, number] {
  const q = (u: Float64Array, v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += u[i] * cov[i * d + j] * v[j];
    return s;
  };
  return [q(axes[0], axes[0]), q(axes[1], axes[1]), q(axes[0], axes[1])];
}

/** Point at angle t on the 1σ ellipse of [[a, e], [e, b]], via its closed-form eigendecomposition. */
function ellipsePoint(a: number, b: number, e: number, t: number): [number, number] {
  const tr = (a + b) / 2;
  const det = Math.sqrt(((a - b) / 2) ** 2 + e * e);
  const l1 = Math.max(tr + det, 0);
  const l2 = Math.max(tr - det, 0);
  const theta = 0.5 * Math.atan2(2 * e, a - b);
  const u = Math.sqrt(l1) * Math.cos(t);
  const v = Math.sqrt(l2) * Math.sin(t);
  return [u * Math.cos(theta) - v * Math.sin(theta), u * Math.sin(theta) + v * Math.cos(theta)];
}
