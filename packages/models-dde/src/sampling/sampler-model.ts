import { logit } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import { layerWidths, type DdeState } from '../dde-state.js';

/** Family codes of the children of layer 1 in the sampler's inner loops. */
export const BERNOULLI = 0;
export const POISSON = 1;
export const NORMAL = 2;

/**
 * The parameters of a {@link DdeState} laid out for the samplers: per layer d (0-based, bottom-up) the intercepts
 * of its children and, per parent latent k, the children with a non-zero slope and those slopes (compressed
 * columns), so that one coordinate's full conditional and one flip cost O(its children in the graph).
 */
export interface SamplerModel {
  readonly widths: readonly number[];
  /** Children per layer: J for layer 1, K_{d−1} otherwise. */
  readonly nChildren: readonly number[];
  readonly intercepts: readonly Float64Array[];
  /** Per layer: children of parent k are entries start[k] … start[k + 1] − 1 of `child` / `slope`. */
  readonly start: readonly Int32Array[];
  readonly child: readonly Int32Array[];
  readonly slope: readonly Float64Array[];
  /** e^slope of each entry of `slope` (so that log[(1 + e^{η0+β})/(1 + e^{η0})] costs one exp and one log). */
  readonly expSlope: readonly Float64Array[];
  /** logit p_l of the top layer. */
  readonly topLogit: Float64Array;
  /** Family code of each observed column ({@link BERNOULLI}, {@link POISSON}, {@link NORMAL}). */
  readonly family: Uint8Array;
  /** 1/γ_j of Normal columns (0 elsewhere). */
  readonly precision: Float64Array;
}

/** Lay out a state for the samplers (see {@link SamplerModel}). */
export function samplerModel(state: DdeState, data: DdeData): SamplerModel {
  const widths = layerWidths(state);
  const nChildren = state.layers.map((l) => l.coefficients.length);
  if (nChildren[0] !== data.nCols) throw new Error(`dde/dde: the model has ${nChildren[0]} columns, the data ${data.nCols}`);
  const intercepts: Float64Array[] = [];
  const start: Int32Array[] = [];
  const child: Int32Array[] = [];
  const slope: Float64Array[] = [];
  state.layers.forEach((layer, d) => {
    const K = widths[d];
    intercepts.push(Float64Array.from(layer.coefficients, (row) => row[0]));
    const s = new Int32Array(K + 1);
    const cs: number[] = [];
    const bs: number[] = [];
    for (let k = 0; k < K; k++) {
      s[k] = cs.length;
      layer.coefficients.forEach((row, c) => {
        if (row[1 + k] !== 0) {
          cs.push(c);
          bs.push(row[1 + k]);
        }
      });
    }
    s[K] = cs.length;
    start.push(s);
    child.push(Int32Array.from(cs));
    slope.push(Float64Array.from(bs));
  });
  const code = { bernoulli: BERNOULLI, poisson: POISSON, normal: NORMAL } as const;
  const family = Uint8Array.from(state.families, (f) => code[f]);
  const precision = Float64Array.from(state.families, (f, j) => (f === 'normal' ? 1 / (state.variances?.[j] ?? 1) : 0));
  const expSlope = slope.map((b) => b.map(Math.exp));
  return { widths, nChildren, intercepts, start, child, slope, expSlope, topLogit: Float64Array.from(state.topProbabilities, logit), family, precision };
}
