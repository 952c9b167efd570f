import { intList, real } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import type { Table } from '../input/metric-input.js';
import { matchLayeredGraphs, type GraphMatrix, type LayeredGraphMatch } from './layered-graphs.js';

/** Parameters of `metrics/graph-accuracy`. */
export interface GraphAccuracyParams {
  /** Widths K_1, …, K_D of the stacked layers, bottom-up; [] reads the whole matrix as one layer. */
  layers: number[];
  /** An entry is an edge when its absolute value exceeds this (0: non-zero; τ to score coefficients). */
  threshold: number;
}

/**
 * Accuracy of layered graphs (Deep Discrete Encoders) after matching latent labels layer by layer from the bottom:
 * `truth` and `fitted` are the graphs G^(1), …, G^(D) bottom-up, G^(d) a 0/1 matrix with one row per child (the J
 * observed columns for d = 1, the K_{d−1} latents of layer d − 1 otherwise) and K_d columns. For each layer the
 * permutation π_d of Ĝ^(d)'s columns maximising agreement with G^(d) is found (Hungarian), with Ĝ^(d)'s rows taken
 * in the order π_{d−1} of the layer below. Returns the per-layer accuracies mean(G^(d) == Ĝ^(d)), the overall
 * accuracy (Σ matches)/(Σ entries) (ALGORITHMS.md §2.8: (Σ matches)/(J·K1 + K1·K2) for D = 2) and the permutations
 * (`permutations[d − 1][k]` = the fitted latent of layer d matched to true latent k). Entries may be 0/1, booleans or
 * coefficients (an edge where |value| > `threshold`, default 0). Shapes must agree (one-line errors otherwise).
 * @example
 * ```ts
 * graphAccuracy(truth.layers.map((l) => l.graph), fitted.layers.map((l) => l.graph)).layers; // [0.98, 1]
 * ```
 */
export function graphAccuracy(truth: readonly GraphMatrix[], fitted: readonly GraphMatrix[], options: { threshold?: number } = {}): LayeredGraphMatch {
  return matchLayeredGraphs('graphAccuracy', truth, fitted, options.threshold ?? 0);
}

/** The layers of a stacked table: layer d's rows follow layer d − 1's, its first K_d columns hold G^(d). */
function unstack(key: string, t: Table, widths: readonly number[]): number[][][] {
  if (widths.length === 0) return [Array.from({ length: t.nRows }, (_, i) => Array.from(t.values.subarray(i * t.nCols, (i + 1) * t.nCols)))];
  const inner = widths.slice(0, -1).reduce((s, k) => s + k, 0);
  const j = t.nRows - inner;
  if (j < 1) throw new Error(`${key}: ${t.name} has ${t.nRows} rows, expected more than the ${inner} latent rows of layers [${widths.join(', ')}]`);
  if (Math.max(...widths) > t.nCols)
    throw new Error(`${key}: ${t.name} has ${t.nCols} columns, expected at least ${Math.max(...widths)} for layers [${widths.join(', ')}]`);
  let offset = 0;
  return widths.map((k, d) => {
    const rows = d === 0 ? j : widths[d - 1];
    const block = Array.from({ length: rows }, (_, r) => Array.from(t.values.subarray((offset + r) * t.nCols, (offset + r) * t.nCols + k)));
    offset += rows;
    return block;
  });
}

const { plugin } = metric({
  id: 'graph-accuracy',
  description: 'Accuracy of layered 0/1 graphs (Deep Discrete Encoders) after matching latent labels layer by layer from the bottom.',
  params: {
    layers: intList({
      min: 1,
      example: [6, 2],
      description:
        'Widths K1..KD of the stacked layers, bottom-up: rows are G1 (J rows), then G2 (K1 rows), …; layer d uses the first Kd columns. [] (default): one layer.',
    }),
    threshold: real({ min: 0, description: 'An entry is an edge when |value| > threshold (default 0).' }),
  },
  defaults: { layers: [], threshold: 0 } as GraphAccuracyParams,
  align: 'shape',
  compute(truth, pred, params, key) {
    const r = matchLayeredGraphs(key, unstack(key, truth, params.layers), unstack(key, pred, params.layers), params.threshold);
    return {
      value: r.value,
      parts: { ...Object.fromEntries(r.layers.map((a, d) => [`layer${d + 1}`, a])), matches: r.matches, entries: r.entries },
      settings: { permutations: r.permutations },
    };
  },
});

/**
 * The `metrics/graph-accuracy` plugin ({@link graphAccuracy}) on two row-aligned matrices: the layers stacked
 * bottom-up (rows G^(1), then G^(2), …; layer d in the first K_d columns) with `layers` giving K_1, …, K_D, or one
 * layer when `layers` is []. Parts: `layer1`, `layer2`, … and `matches`/`entries`; settings: the permutations.
 */
export const graphAccuracyPlugin = plugin;
