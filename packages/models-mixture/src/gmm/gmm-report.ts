import type { Dataset } from '@latentkit/core';
import type { ReportSection, TraceEntry } from '@latentkit/registry';
import type { FittedGmm } from './gmm-fitted.js';
import type { GmmState } from './gmm-state.js';
import { planeOf, planePoints, projectOn } from './mixture-projection.js';

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
      columns: fitted.columns,
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
    const plane = planeOf(data.values, data.nRows, d, cols);
    const { axes, names } = plane;
    const labels = view.predict(data);
    const points = planePoints(plane, data.values, data.nRows, MAX_POINTS).map((p) => ({ x: p.x, y: p.y, component: `component ${labels[p.row] + 1}` }));
    const ellipses = [];
    for (let c = 0; c < k; c++) {
      const mu = view.state.means.subarray(c * d, c * d + d);
      const [cx, cy] = projectOn(plane, mu);
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

/** Entries (a, b, e) of the projected 2×2 covariance [[a, e], [e, b]]. */
function projectedCovariance(cov: Float64Array, axes: readonly Float64Array[], d: number): [number, number, number] {
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
