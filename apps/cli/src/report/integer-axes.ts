/** Fields that count iterations: their axes get integer ticks. */
const COUNT_FIELDS = /^(iteration|iterations|epoch|epochs|sweep|sweeps|step|steps)$/i;

/** At most this many ticks on an iteration axis. */
const MAX_TICKS = 8;

type Spec = Record<string, unknown>;

const isObject = (v: unknown): v is Spec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whole-number tick values from `lo` to `hi`: multiples of the smallest step in 1, 2, 5, 10, 20, 50, … that gives at
 * most {@link MAX_TICKS} ticks.
 * @example
 * ```ts
 * integerTicks(1, 3); // [1, 2, 3]
 * integerTicks(1, 100); // [20, 40, 60, 80, 100]
 * ```
 */
export function integerTicks(lo: number, hi: number): number[] {
  const from = Math.ceil(lo);
  const to = Math.floor(hi);
  if (!(to >= from)) return [];
  let step = 1;
  for (let scale = 1; step * MAX_TICKS < to - from + 1; scale *= 10) {
    step = [1, 2, 5].map((m) => m * scale).find((s) => s * MAX_TICKS >= to - from + 1) ?? 10 * scale;
  }
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

function countAxis(channel: Spec, values: readonly unknown[] | undefined): Spec {
  const field = channel.field as string;
  const xs = (values ?? []).map((row) => (isObject(row) ? Number(row[field]) : Number.NaN)).filter(Number.isFinite);
  const ticks = xs.length ? integerTicks(Math.min(...xs), Math.max(...xs)) : [];
  const own = isObject(channel.axis) ? channel.axis : {};
  return { ...channel, axis: { tickMinStep: 1, format: 'd', ...(ticks.length && { values: ticks }), ...own } };
}

/**
 * A Vega-Lite spec whose quantitative x/y axes over an iteration count (`iteration`, `epoch`, `sweep`, `step`) show
 * whole numbers only: explicit tick `values` (multiples of 1, 2, 5, 10, … from the inline data, at most 8), format `d`
 * and `tickMinStep: 1` (the headless Vega renderer ignores `tickMinStep` alone and draws 1.0, 1.5, 2.0). Applies to the
 * top-level encoding and to every layer, concatenation and facet; an axis setting given by the plugin wins. Returns a new
 * spec; the input is not changed.
 * @example
 * ```ts
 * integerIterationAxes({ data: { values: [{ iteration: 1 }, { iteration: 2 }] }, mark: 'line', encoding: { x: { field: 'iteration', type: 'quantitative' } } }).encoding.x.axis;
 * // { tickMinStep: 1, format: 'd', values: [1, 2] }
 * ```
 */
export function integerIterationAxes(spec: Spec, inherited?: readonly unknown[]): Spec {
  const data = isObject(spec.data) && Array.isArray(spec.data.values) ? (spec.data.values as unknown[]) : inherited;
  const out: Spec = { ...spec };
  if (isObject(spec.encoding)) {
    const encoding: Spec = { ...spec.encoding };
    for (const channel of ['x', 'y'] as const) {
      const c = encoding[channel];
      if (isObject(c) && typeof c.field === 'string' && COUNT_FIELDS.test(c.field) && c.type === 'quantitative' && c.axis !== null) {
        encoding[channel] = countAxis(c, data);
      }
    }
    out.encoding = encoding;
  }
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat'] as const) {
    const parts = spec[key];
    if (Array.isArray(parts)) out[key] = parts.map((p) => (isObject(p) ? integerIterationAxes(p, data) : p));
  }
  if (isObject(spec.spec)) out.spec = integerIterationAxes(spec.spec, data);
  return out;
}
