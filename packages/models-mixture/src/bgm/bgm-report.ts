import type { Dataset } from '@latentkit/core';
import type { ReportSection } from '@latentkit/registry';
import { mixtureReport } from '../gmm/gmm-report.js';
import type { FittedBgm } from './bgm-fitted.js';

/** Components with E[π_k] at least this are counted as used in the report. */
const USED_WEIGHT = 0.01;

/**
 * Report section of a fitted Bayesian mixture: the mixture report of its plug-in mixture (lower bound per
 * iteration, components table, data coloured by most probable component with 2σ ellipses), plus the weights
 * E[π_k] as bars, which show the components that emptied out.
 */
export function bgmReport(fitted: FittedBgm, data?: Dataset): ReportSection {
  const { k } = fitted.state;
  const used = Array.from(fitted.weights).filter((w) => w >= USED_WEIGHT).length;
  const section = mixtureReport(
    {
      title: `Bayesian Gaussian mixture (mixture/bayesian-gmm, K = ${k})`,
      state: fitted.plugIn,
      columns: fitted.columns,
      trace: fitted.trace,
      traceTitle: 'Lower bound per CAVI iteration',
      traceAxis: 'lower bound (nats, total)',
      summary: {
        components: k,
        [`components with weight >= ${USED_WEIGHT}`]: used,
        weightPrior: fitted.params.weightConcentrationPriorType,
        covarianceType: fitted.state.covarianceType,
        iterations: fitted.iterations,
        converged: String(fitted.converged),
        lowerBound: Number(fitted.lowerBound.toPrecision(8)),
      },
      dataSummary: (d) => fitted.scores(d),
      predict: (d) => fitted.predict(d),
    },
    data,
  );
  const bars = {
    title: 'Weights E[π_k] (unused components empty out)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 420,
      height: 200,
      data: { values: Array.from(fitted.weights, (w, c) => ({ component: c + 1, weight: w })) },
      mark: { type: 'bar' },
      encoding: { x: { field: 'component', type: 'ordinal' }, y: { field: 'weight', type: 'quantitative', title: 'E[π_k]' } },
    },
  };
  return { ...section, plots: [section.plots[0], bars, ...section.plots.slice(1)] };
}
