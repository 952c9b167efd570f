import type { DdeLayerStats, DdeStats } from './dde-stats.js';
import { layerStatsOf } from './stats-builder.js';
import { PatternTable } from './pattern-table.js';

const mix = (arrays: readonly Float64Array[], coefs: readonly number[]): Float64Array => {
  const out = new Float64Array(arrays[0].length);
  arrays.forEach((a, j) => {
    for (let i = 0; i < a.length; i++) out[i] += coefs[j] * a[i];
  });
  return out;
};

function combineLayers(parts: readonly DdeLayerStats[], coefs: readonly number[]): DdeLayerStats {
  const r = parts[0];
  const nSums = r.patternChildren.length;
  const table =
    nSums > 0
      ? new PatternTable(
          r.width,
          nSums,
          Math.max(
            16,
            parts.reduce((n, s) => n + s.nPatterns, 0),
          ),
        )
      : null;
  if (table)
    parts.forEach((s, i) => {
      const c = coefs[i];
      for (let m = 0; m < s.nPatterns; m++) {
        const at = table.slot(s.patterns, m * s.width, s.keys[m]);
        table.weights[at] += c * s.patternWeights[m];
        for (let p = 0; p < nSums; p++) table.sums[at * nSums + p] += c * s.patternSums[m * nSums + p];
      }
    });
  const mixOf = (field: (l: DdeLayerStats) => Float64Array) => mix(parts.map(field), coefs);
  return layerStatsOf({
    width: r.width,
    nChildren: r.nChildren,
    patternChildren: r.patternChildren,
    normalChildren: r.normalChildren,
    table,
    gram: mixOf((l) => l.gram),
    cross: mixOf((l) => l.cross),
    squares: mixOf((l) => l.squares),
  });
}

/**
 * Σ_i c_i·s_i on every field, the parts taken in order (so the sums, and the order of the configurations, depend only
 * on the order of `parts`). Configurations held by only some parts count as weight 0 in the others.
 * @throws Error when the parts do not come from the same model shape.
 */
function combineStats(parts: readonly DdeStats[], coefs: readonly number[]): DdeStats {
  const first = parts[0];
  if (parts.some((s) => s.layers.length !== first.layers.length || s.layers.some((l, d) => l.width !== first.layers[d].width)))
    throw new Error('dde/dde: cannot combine statistics of two different model shapes');
  return {
    totalWeight: parts.reduce((t, s, i) => t + coefs[i] * s.totalWeight, 0),
    layers: first.layers.map((_, d) =>
      combineLayers(
        parts.map((s) => s.layers[d]),
        coefs,
      ),
    ),
    topSums: mix(
      parts.map((s) => s.topSums),
      coefs,
    ),
  };
}

/**
 * The statistics of disjoint sets of rows added up, Σ_b s_b, in the order given (the row blocks of a simulation step
 * in block order, so that the sum has the same bits however the blocks were spread over threads).
 */
export function sumStats(parts: readonly DdeStats[]): DdeStats {
  return combineStats(
    parts,
    parts.map(() => 1),
  );
}

/**
 * The stochastic-approximation step s_t = (1 − γ)·s_{t−1} + γ·s̃_t on every field (ALGORITHMS.md §2.4 step 2).
 * With γ_t = 1/t from t = 1, s_t is the running mean of all draws' statistics, so the M-step maximises
 * Q_t(θ) = (1/t)·Σ_{u≤t} log p(X, A^(u); θ) (§2.9 item 1). Configurations held by only one side count as weight 0
 * on the other. `running` undefined (t = 1): a copy of `fresh`. Neither input is modified.
 * @throws Error when the two do not come from the same model shape.
 */
export function averageStats(running: DdeStats | undefined, fresh: DdeStats, gamma: number): DdeStats {
  if (running === undefined) return averageStats(fresh, fresh, 0);
  return combineStats([running, fresh], [1 - gamma, gamma]);
}
