import type { DdeData } from '../dde-data.js';
import { layerWidths } from '../dde-state.js';
import type { DdeLayerStats, DdeShape, DdeStats, DdeStatsBuilder } from './dde-stats.js';
import { PatternTable } from './pattern-table.js';

interface LayerAccumulator {
  readonly width: number;
  readonly nChildren: number;
  readonly patternChildren: Int32Array;
  readonly normalChildren: Int32Array;
  readonly table: PatternTable | null;
  readonly gram: Float64Array;
  readonly cross: Float64Array;
  readonly squares: Float64Array;
  /** Scratch: 0 and 1 + the indices of the active latents of the current row (positions in z = [1, a]). */
  readonly active: Int32Array;
}

function accumulator(width: number, nChildren: number, isNormal: (c: number) => boolean): LayerAccumulator {
  const pattern: number[] = [];
  const normal: number[] = [];
  for (let c = 0; c < nChildren; c++) (isNormal(c) ? normal : pattern).push(c);
  const z = width + 1;
  return {
    width,
    nChildren,
    patternChildren: Int32Array.from(pattern),
    normalChildren: Int32Array.from(normal),
    table: pattern.length > 0 ? new PatternTable(width, pattern.length) : null,
    gram: new Float64Array(normal.length > 0 ? z * z : 0),
    cross: new Float64Array(normal.length * z),
    squares: new Float64Array(normal.length),
    active: new Int32Array(width + 1),
  };
}

/** Freeze an accumulator (trimmed copies) into a {@link DdeLayerStats}. */
export function layerStatsOf(acc: Omit<LayerAccumulator, 'active'>): DdeLayerStats {
  const t = acc.table;
  const n = t?.size ?? 0;
  return {
    width: acc.width,
    nChildren: acc.nChildren,
    patternChildren: acc.patternChildren,
    nPatterns: n,
    keys: t ? t.keys.slice(0, n) : [],
    patterns: t ? t.patterns.slice(0, n * acc.width) : new Uint8Array(0),
    patternWeights: t ? t.weights.slice(0, n) : new Float64Array(0),
    patternSums: t ? t.sums.slice(0, n * t.nSums) : new Float64Array(0),
    normalChildren: acc.normalChildren,
    gram: acc.gram.slice(),
    cross: acc.cross.slice(),
    squares: acc.squares.slice(),
  };
}

/**
 * A {@link DdeStatsBuilder} for a model of this shape on this data. Per `add(row, latents, w)`: the total weight
 * and Σ w·A^(D) gain w; in each layer d the configuration of A^(d) gains weight w and, per pattern child c,
 * w·y_c (y = the observed X_rc for d = 1, the latent A^(d−1)_c otherwise); Normal observed columns gain
 * w·z·zᵀ, w·z·x and w·x² with z = [1, A^(1)] (only active latents touched). Allocation-free per row except for
 * new configurations (and the string key of layers wider than 52).
 */
export function createStatsBuilder(shape: DdeShape, data: DdeData): DdeStatsBuilder {
  const widths = layerWidths(shape);
  const D = widths.length;
  const J = data.nCols;
  if (shape.families.length !== J) throw new Error(`dde/dde: the model has ${shape.families.length} columns, the data ${J}`);
  const layers = widths.map((w, d) => accumulator(w, d === 0 ? J : widths[d - 1], (c) => d === 0 && shape.families[c] === 'normal'));
  const topSums = new Float64Array(widths[D - 1]);
  const values = data.values;
  let total = 0;
  return {
    add(row, latents, weight) {
      total += weight;
      const top = latents[D - 1];
      for (let l = 0; l < top.length; l++) topSums[l] += weight * top[l];
      for (let d = 0; d < D; d++) {
        const acc = layers[d];
        const a = latents[d];
        const t = acc.table;
        if (t) {
          const at = t.slot(a, 0);
          t.weights[at] += weight;
          const pc = acc.patternChildren;
          const base = at * pc.length;
          if (d === 0) for (let p = 0; p < pc.length; p++) t.sums[base + p] += weight * values[row * J + pc[p]];
          else {
            const y = latents[d - 1];
            for (let p = 0; p < pc.length; p++) t.sums[base + p] += weight * y[pc[p]];
          }
        }
        const nc = acc.normalChildren;
        if (nc.length > 0) {
          const z = acc.width + 1;
          let m = 0;
          acc.active[m++] = 0;
          for (let k = 0; k < acc.width; k++) if (a[k] === 1) acc.active[m++] = k + 1;
          for (let u = 0; u < m; u++) for (let v = 0; v < m; v++) acc.gram[acc.active[u] * z + acc.active[v]] += weight;
          for (let q = 0; q < nc.length; q++) {
            const x = values[row * J + nc[q]];
            const wx = weight * x;
            for (let u = 0; u < m; u++) acc.cross[q * z + acc.active[u]] += wx;
            acc.squares[q] += wx * x;
          }
        }
      }
    },
    finish(): DdeStats {
      return { totalWeight: total, layers: layers.map(layerStatsOf), topSums: topSums.slice() };
    },
  };
}
