import type { DdeLayerStats, DdeStats } from './dde-stats.js';
import { layerStatsOf } from './stats-builder.js';
import { PatternTable } from './pattern-table.js';

const mix = (a: Float64Array, b: Float64Array, ca: number, cb: number): Float64Array => {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = ca * a[i] + cb * b[i];
  return out;
};

function averageLayer(r: DdeLayerStats, f: DdeLayerStats, cr: number, cf: number): DdeLayerStats {
  const nSums = r.patternChildren.length;
  const table = nSums > 0 ? new PatternTable(r.width, nSums, Math.max(16, r.nPatterns + f.nPatterns)) : null;
  if (table)
    for (const [s, c] of [
      [r, cr],
      [f, cf],
    ] as const)
      for (let m = 0; m < s.nPatterns; m++) {
        const at = table.slot(s.patterns, m * s.width, s.keys[m]);
        table.weights[at] += c * s.patternWeights[m];
        for (let p = 0; p < nSums; p++) table.sums[at * nSums + p] += c * s.patternSums[m * nSums + p];
      }
  return layerStatsOf({
    width: r.width,
    nChildren: r.nChildren,
    patternChildren: r.patternChildren,
    normalChildren: r.normalChildren,
    table,
    gram: mix(r.gram, f.gram, cr, cf),
    cross: mix(r.cross, f.cross, cr, cf),
    squares: mix(r.squares, f.squares, cr, cf),
  });
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
  if (running.layers.length !== fresh.layers.length || running.layers.some((l, d) => l.width !== fresh.layers[d].width))
    throw new Error('dde/dde: averageStats got statistics of two different model shapes');
  const cr = 1 - gamma;
  return {
    totalWeight: cr * running.totalWeight + gamma * fresh.totalWeight,
    layers: running.layers.map((l, d) => averageLayer(l, fresh.layers[d], cr, gamma)),
    topSums: mix(running.topSums, fresh.topSums, cr, gamma),
  };
}
