import type { RestoreInput, SavedStateReader } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import { DDE_FAMILIES, type DdeFamily, type DdeLayer, type DdeState } from '../dde-state.js';
import { FittedDde } from './dde-fitted.js';

/**
 * Read one layer `state.<what>[L]` with `children` rows: `coefficients` children × (1 + K) finite numbers with K ≥ 1
 * and `graph` children × K of 0/1, equal to 1 exactly where the slope is non-zero when `supportIsGraph` (the fitted
 * layers; the spectral initialiser's dense refit keeps slopes outside its graph, ALGORITHMS.md §2.2 step 8).
 */
function readLayer(r: SavedStateReader, v: unknown, children: number, what: string, supportIsGraph: boolean): DdeLayer {
  if (!v || typeof v !== 'object') r.fail(`${what} must be an object with coefficients and graph`);
  const layer = v as Partial<DdeLayer>;
  const rows = layer.coefficients;
  if (!Array.isArray(rows) || rows.length !== children) r.fail(`${what}.coefficients must have ${children} rows (one per child of the layer below)`);
  const first: unknown = rows[0];
  const width = Array.isArray(first) ? first.length - 1 : 0;
  if (width < 1) r.fail(`${what}.coefficients rows must be [intercept, slope_1, …] with at least one slope`);
  const flat = r.matrixRows(rows, children, width + 1, `${what}.coefficients`);
  const graph = r.matrixRows(layer.graph, children, width, `${what}.graph`);
  for (let c = 0; c < children; c++)
    for (let k = 0; k < width; k++) {
      const g = graph[c * width + k];
      const slope = flat[c * (width + 1) + 1 + k];
      if (g !== 0 && g !== 1) r.fail(`${what}.graph[${c}][${k}] is ${g}; expected 0 or 1`);
      if (supportIsGraph && g !== (slope !== 0 ? 1 : 0))
        r.fail(`${what}.graph[${c}][${k}] is ${g} but the slope is ${slope}; expected 1 exactly where the slope is non-zero`);
    }
  const coefficients = Array.from({ length: children }, (_, c) => flat.slice(c * (width + 1), (c + 1) * (width + 1)));
  return { coefficients, graph: Array.from({ length: children }, (_, c) => graph.slice(c * width, (c + 1) * width)) };
}

/** Read `state.<what>`: layers bottom-up, layer 1 with J children, each next with the width of the one below, widths strictly decreasing. */
function readLayers(r: SavedStateReader, v: unknown, nCols: number, what: string, supportIsGraph = true): DdeLayer[] {
  if (!Array.isArray(v) || v.length < 1) r.fail(`state.${what} must be a non-empty array of layers (bottom-up)`);
  const layers: DdeLayer[] = [];
  let children = nCols;
  (v as unknown[]).forEach((item, L) => {
    const layer = readLayer(r, item, children, `state.${what}[${L}]`, supportIsGraph);
    const width = layer.coefficients[0].length - 1;
    if (L > 0 && width >= children)
      r.fail(`state.${what}[${L}] has ${width} latents; expected fewer than the ${children} of the layer below (widths strictly decreasing)`);
    layers.push(layer);
    children = width;
  });
  return layers;
}

/**
 * Rebuild a fitted DDE from a model file (`restore` of `dde/dde`), checking the state: layer shapes consistent
 * (layer 1 has J children, each layer above has as many children as the layer below has latents, widths strictly
 * decreasing), every graph 0/1 and 1 exactly on the non-zero slopes, the K_D top probabilities in (0, 1), one
 * family per column, and a variance > 0 for every Normal column (null elsewhere). Each violation is one line naming
 * the field.
 */
export function restoreDde({ params, state, info, reader: r }: RestoreInput<DdeParams>): FittedDde {
  if (!state || typeof state !== 'object') r.fail('state is missing');
  const s = state as Record<string, unknown>;
  const nCols = info.data.nCols;
  const columns = s.columns;
  if (!Array.isArray(columns) || columns.length !== nCols || columns.some((c) => typeof c !== 'string'))
    r.fail(`state.columns must be the ${nCols} column names of the data`);
  const families = s.families;
  if (!Array.isArray(families) || families.length !== nCols) r.fail(`state.families must have ${nCols} entries (one per column)`);
  (families as unknown[]).forEach((f, j) => {
    if (!DDE_FAMILIES.includes(f as DdeFamily)) r.fail(`state.families[${j}] is ${JSON.stringify(f)}; expected one of ${DDE_FAMILIES.join(', ')}`);
  });
  const layers = readLayers(r, s.layers, nCols, 'layers');
  const top = layers.at(-1)!.coefficients[0].length - 1;
  const topProbabilities = r.numbers(s.topProbabilities, top, 'state.topProbabilities');
  topProbabilities.forEach((p, l) => {
    if (!(p > 0 && p < 1)) r.fail(`state.topProbabilities[${l}] is ${p}; expected a probability in (0, 1)`);
  });
  const fams = families as DdeFamily[];
  let variances: (number | null)[] | undefined;
  if (s.variances !== undefined || fams.includes('normal')) {
    const v = s.variances;
    if (!Array.isArray(v) || v.length !== nCols) r.fail(`state.variances must have ${nCols} entries (a variance for each Normal column, null elsewhere)`);
    variances = (v as unknown[]).map((x, j) => {
      if (fams[j] !== 'normal') {
        if (x !== null) r.fail(`state.variances[${j}] is ${JSON.stringify(x)}; expected null for a ${fams[j]} column`);
        return null;
      }
      if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0))
        r.fail(`state.variances[${j}] is ${JSON.stringify(x)}; expected a variance > 0 for a Normal column`);
      return x as number;
    });
  }
  const restored: DdeState = {
    layers,
    topProbabilities,
    families: fams,
    ...(variances && { variances }),
    columns: columns as string[],
    ...(s.selection !== undefined && { selection: s.selection as DdeState['selection'] }),
    ...(s.initialLayers !== undefined && { initialLayers: readLayers(r, s.initialLayers, nCols, 'initialLayers', false) }),
  };
  return new FittedDde(params, restored, info);
}
