import { sigmoid, type Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeLayer, DdeState } from '../dde-state.js';
import { coefficientBox } from '../mstep/coefficient-box.js';

/** Options of {@link randomInit}. */
export interface RandomInitOptions {
  readonly nonNegative: boolean;
  readonly confirmatoryGraph: readonly (readonly number[])[] | null;
}

const clamp = (v: number, [lo, hi]: readonly [number, number]): number => Math.min(hi, Math.max(lo, v));

/**
 * Random initial parameters and latents (`init: 'random'`): for each child of each layer a random sparse graph
 * (each parent kept with probability ½, at least one per child; layer 1 from `confirmatoryGraph` when given) with
 * slopes uniform on [1, 3] (times the column's standard deviation for Normal columns), an intercept that puts the
 * child near its mean when about half its parents are active (logit/log of the column mean for observed
 * Bernoulli/Poisson columns, −½·Σ slopes for latent children), all clamped into the M-step's boxes; top
 * probabilities uniform on [0.3, 0.7]; Normal variances the column variances. The latents Â are one ancestral draw
 * from this model (top layer first); the first simulation step then conditions them on the data.
 */
export function randomInit(data: DdeData, widths: readonly number[], rng: Rng, options: RandomInitOptions): { state: DdeState; latents: Uint8Array[] } {
  const { nRows: N, nCols: J, values, families } = data;
  const D = widths.length;
  const mean = new Float64Array(J);
  const variance = new Float64Array(J);
  for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) mean[j] += values[i * J + j] / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) variance[j] += (values[i * J + j] - mean[j]) ** 2 / N;
  const layers: DdeLayer[] = widths.map((K, d) => {
    const children = d === 0 ? J : widths[d - 1];
    const coefficients: number[][] = [];
    const graph: number[][] = [];
    for (let c = 0; c < children; c++) {
      const family = d === 0 ? families[c] : 'latent';
      const box = coefficientBox(family, d + 1, D, options.nonNegative);
      const fixed = d === 0 ? options.confirmatoryGraph?.[c] : undefined;
      const g = fixed ? fixed.map((v) => (v === 1 ? 1 : 0)) : Array.from({ length: K }, () => (rng.uniform() < 0.5 ? 1 : 0));
      if (!fixed && !g.includes(1)) g[rng.int(K)] = 1;
      const scale = family === 'normal' ? Math.sqrt(Math.max(variance[c], 1e-6)) : 1;
      const slopes = g.map((on) => (on ? clamp(scale * (1 + 2 * rng.uniform()), box.slope) : 0));
      const half = slopes.reduce((a, b) => a + b, 0) / 2;
      const m = d === 0 ? mean[c] : 0.5;
      const centre =
        family === 'normal'
          ? m
          : family === 'poisson'
            ? Math.log(Math.max(m, 0.05))
            : Math.log(Math.min(Math.max(m, 0.05), 0.95) / (1 - Math.min(Math.max(m, 0.05), 0.95)));
      coefficients.push([clamp(centre - half, box.intercept), ...slopes]);
      graph.push(slopes.map((b) => (b !== 0 ? 1 : 0)));
    }
    return { coefficients, graph };
  });
  const topProbabilities = Array.from({ length: widths[D - 1] }, () => 0.3 + 0.4 * rng.uniform());
  const latents = widths.map((K) => new Uint8Array(N * K));
  for (let i = 0; i < N; i++)
    for (let d = D - 1; d >= 0; d--) {
      const K = widths[d];
      for (let k = 0; k < K; k++) {
        let p: number;
        if (d === D - 1) p = topProbabilities[k];
        else {
          const row = layers[d + 1].coefficients[k];
          let eta = row[0];
          for (let l = 0; l < widths[d + 1]; l++) eta += row[1 + l] * latents[d + 1][i * widths[d + 1] + l];
          p = sigmoid(eta);
        }
        latents[d][i * K + k] = rng.uniform() < p ? 1 : 0;
      }
    }
  const hasNormal = families.includes('normal');
  const state: DdeState = {
    layers,
    topProbabilities,
    families: [...families],
    ...(hasNormal && { variances: families.map((f, j) => (f === 'normal' ? Math.max(variance[j], 1e-6) : null)) }),
    columns: [...data.columns],
  };
  return { state, latents };
}
