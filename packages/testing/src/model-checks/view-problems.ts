import type { ModelView } from '@latentkit/registry';

const KINDS = ['heatmap', 'top-terms', 'images', 'graph', 'scatter', 'line'];

/** Index of the first entry of `v` that is not a finite number, or −1 (also −1 … for an empty array). */
const firstNotFinite = (v: readonly unknown[]): number => v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));

/** Problems of a list that must be a plain array (views serialise to JSON) of finite numbers, of length `len` when given. */
function numbersProblems(v: unknown, what: string, len?: number): string[] {
  if (!Array.isArray(v)) return [`${what} must be a plain array of numbers (views are JSON), got ${Object.prototype.toString.call(v)}`];
  if (len !== undefined && v.length !== len) return [`${what} has ${v.length} values; expected ${len}`];
  const bad = firstNotFinite(v);
  return bad >= 0 ? [`${what}[${bad}] = ${String(v[bad])} is not a finite number`] : [];
}

const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * What is wrong with one view of `Fitted.views()`, as one-line sentences (empty when nothing): a known `kind`, a
 * non-empty title, and per kind the sizes and numbers the apps draw: a heatmap's values are rowLabels × columnLabels
 * finite numbers; an image's pixels are width × height numbers in [0, 1]; a graph's edges join declared nodes; a
 * scatter's points and a line's series are finite, with x and y of equal length.
 * @example
 * ```ts
 * viewProblems({ kind: 'heatmap', title: 'means', rowLabels: ['a'], columnLabels: ['x', 'y'], values: [1] });
 * // ["heatmap 'means': values has 1 values; expected 2"]
 * ```
 */
export function viewProblems(view: ModelView): string[] {
  const v = view as Partial<ModelView> & { kind?: unknown; title?: unknown };
  if (!KINDS.includes(v.kind as string)) return [`view kind ${JSON.stringify(v.kind)} is not one of ${KINDS.join(', ')}`];
  const label = `${String(v.kind)} '${String(v.title)}'`;
  const problems: string[] = typeof v.title === 'string' && v.title ? [] : [`${label}: title must be a non-empty string`];
  const at = (p: string[]) => problems.push(...p.map((s) => `${label}: ${s}`));
  switch (view.kind) {
    case 'heatmap':
      if (!isStrings(view.rowLabels) || !isStrings(view.columnLabels)) at(['rowLabels and columnLabels must be arrays of strings']);
      else at(numbersProblems(view.values, 'values', view.rowLabels.length * view.columnLabels.length));
      break;
    case 'top-terms':
      view.groups.forEach((g, i) =>
        at(
          numbersProblems(
            g.terms.map((t) => t.weight),
            `groups[${i}] weights`,
          ),
        ),
      );
      break;
    case 'images':
      view.images.forEach((im, i) => {
        at(numbersProblems(im.pixels, `images[${i}].pixels`, view.width * view.height));
        const out = Array.isArray(im.pixels) ? im.pixels.findIndex((p) => p < 0 || p > 1) : -1;
        if (out >= 0) at([`images[${i}].pixels[${out}] = ${im.pixels[out]} is outside [0, 1]`]);
      });
      break;
    case 'graph': {
      const ids = new Set(view.nodes.map((n) => n.id));
      const bad = view.edges.findIndex((e) => !ids.has(e.source) || !ids.has(e.target));
      if (bad >= 0) at([`edges[${bad}] joins ${view.edges[bad].source} and ${view.edges[bad].target}, not both declared nodes`]);
      at(
        numbersProblems(
          view.edges.filter((e) => e.weight !== undefined).map((e) => e.weight),
          'edge weights',
        ),
      );
      break;
    }
    case 'scatter':
      at(
        numbersProblems(
          view.points.flatMap((p) => [p.x, p.y]),
          'points (x, y)',
        ),
      );
      break;
    case 'line':
      view.series.forEach((s, i) => {
        at(numbersProblems(s.x, `series[${i}].x`));
        at(numbersProblems(s.y, `series[${i}].y`, Array.isArray(s.x) ? s.x.length : undefined));
      });
      break;
  }
  return problems;
}
