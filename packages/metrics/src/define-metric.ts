import { defineMetric, pluginKey, validateParams, type MetricPlugin, type MetricResult, type ParamSpecs } from '@latentkit/registry';
import { checkInputs, type Alignment, type MatrixInput, type Table } from './input/metric-input.js';
import { metricMeta } from './meta.js';

/** What a metric's `compute` returns before the settings used are added. */
export interface MetricValue {
  /** The metric's value, in the units and range its documentation gives. */
  readonly value: number;
  /** Named components of the value (per column, per direction, counts), as the metric's documentation lists them. */
  readonly parts?: Readonly<Record<string, number>>;
  /** Settings derived from the data (rows used, matchings), recorded next to the parameters. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** A metric's definition: identity, parameters, which dimension the inputs share, and the computation. */
export interface MetricDefinition<P extends object, R extends MetricValue> {
  readonly id: string;
  readonly description: string;
  readonly params: ParamSpecs<P>;
  readonly defaults: P;
  readonly align?: Alignment;
  compute(truth: Table, pred: Table, params: P, key: string): R;
}

/** A {@link MetricResult} with its parts and settings always present (settings: every parameter, then derived ones). */
export interface ComputedMetric extends MetricResult {
  /** Named components of the value (`{}` when the metric has none). */
  readonly parts: Readonly<Record<string, number>>;
  /** Every parameter the metric ran with (defaults filled in), then the settings derived from the data. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The typed function form of a metric: `fn(truth, pred, options)`, options validated and defaults filled. */
export type MetricFunction<P extends object, R extends MetricValue> = (
  truth: MatrixInput,
  pred: MatrixInput,
  options?: Partial<P>,
) => Omit<R, 'parts' | 'settings'> & ComputedMetric;

/**
 * Build a metric plugin (`metrics/<id>`) and its function form from one definition. Both check the inputs
 * (non-empty, finite, aligned) with one-line errors and record every parameter in `settings`; the function
 * validates its options against the same specs the registry uses.
 */
export function metric<P extends object, R extends MetricValue>(def: MetricDefinition<P, R>): { plugin: MetricPlugin<P>; fn: MetricFunction<P, R> } {
  const meta = metricMeta(def.id, def.description);
  const key = pluginKey({ meta });
  const run = (truth: MatrixInput, pred: MatrixInput, params: P): Omit<R, 'parts' | 'settings'> & ComputedMetric => {
    const inputs = checkInputs(key, truth, pred, def.align);
    const result = def.compute(inputs.truth, inputs.pred, params, key);
    return { ...result, parts: result.parts ?? {}, settings: { ...params, ...result.settings } };
  };
  const plugin = defineMetric<P>({
    meta,
    params: def.params,
    defaults: def.defaults,
    compute: (inputs, params) => run(inputs.truth, inputs.pred, { ...def.defaults, ...params }),
  });
  const fn: MetricFunction<P, R> = (truth, pred, options = {}) =>
    run(truth, pred, validateParams(key, def.params, def.defaults, options as Partial<Record<keyof P, unknown>>));
  return { plugin, fn };
}
