/** Fields that count iterations: their axes get integer ticks. */
const COUNT_FIELDS = /^(iteration|iterations|epoch|epochs|sweep|sweeps|step|steps)$/i;

type Spec = Record<string, unknown>;

const isObject = (v: unknown): v is Spec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A Vega-Lite spec whose quantitative x/y axes over an iteration count (`iteration`, `epoch`, `sweep`, `step`) show
 * whole numbers only (`tickMinStep: 1`, format `d`), in the top-level encoding and in every layer, concatenation and
 * facet; an axis setting given by the plugin wins. Returns a new spec; the input is not changed.
 * @example
 * ```ts
 * integerIterationAxes({ mark: 'line', encoding: { x: { field: 'iteration', type: 'quantitative' } } }).encoding.x.axis;
 * // { tickMinStep: 1, format: 'd' }
 * ```
 */
export function integerIterationAxes(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (isObject(spec.encoding)) {
    const encoding: Spec = { ...spec.encoding };
    for (const channel of ['x', 'y'] as const) {
      const c = encoding[channel];
      if (isObject(c) && typeof c.field === 'string' && COUNT_FIELDS.test(c.field) && c.type === 'quantitative' && c.axis !== null) {
        encoding[channel] = { ...c, axis: { tickMinStep: 1, format: 'd', ...(isObject(c.axis) ? c.axis : {}) } };
      }
    }
    out.encoding = encoding;
  }
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat'] as const) {
    const parts = spec[key];
    if (Array.isArray(parts)) out[key] = parts.map((p) => (isObject(p) ? integerIterationAxes(p) : p));
  }
  if (isObject(spec.spec)) out.spec = integerIterationAxes(spec.spec);
  return out;
}
