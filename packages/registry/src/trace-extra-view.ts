import type { TraceEntry } from './contract/fit-options.js';
import type { LineView } from './contract/views.js';

/**
 * A line view of the extra per-iteration values of a fit's trace (`TraceEntry.extra`, e.g. `inference/vi`'s MGDA
 * weights 'mgda.<task>' or Lagrange multiplier 'lambda'), one series per name in `names` (default: every name that
 * occurs) over the iterations that record it; undefined when no entry records any of them.
 * @example
 * ```ts
 * const view = traceExtraView(fitted.trace, { title: 'Lagrange multiplier per epoch', names: ['lambda'] });
 * ```
 */
export function traceExtraView(trace: readonly TraceEntry[], opts: { title: string; names?: readonly string[]; yLabel?: string }): LineView | undefined {
  const names = opts.names ?? [...new Set(trace.flatMap((t) => Object.keys(t.extra ?? {})))];
  const series = names
    .map((name) => {
      const points = trace.filter((t) => t.extra?.[name] !== undefined);
      return { name, x: points.map((t) => t.iteration), y: points.map((t) => t.extra![name]) };
    })
    .filter((s) => s.x.length > 0);
  if (!series.length) return undefined;
  return { kind: 'line', title: opts.title, xLabel: 'iteration', yLabel: opts.yLabel ?? 'value', series };
}
