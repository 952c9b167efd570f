import { poissonVariate, sigmoid, type Rng } from '@latentkit/core';

/** Observation model of the bottom layer. */
export type DdeLikelihood = 'bernoulli' | 'poisson' | 'normal';

/**
 * One layer of a Deep Discrete Encoder design: the map from the K_d binary latents of layer d to its children (the J
 * observed columns for d = 1, the K_{d−1} latents of layer d − 1 otherwise), in the form of the `dde/dde` model state.
 */
export interface DdeTruthLayer {
  /** One row per child, `[intercept, slope_1, …, slope_{K_d}]`. */
  readonly coefficients: number[][];
  /** The 0/1 support G^(d) of the slopes (children × K_d). */
  readonly graph: number[][];
}

/** The parameters of a D-layer Deep Discrete Encoder design (bottom-up), as the generators return them as truth. */
export interface DdeDesign {
  /** `layers[0]` maps A^(1) to the observed columns, `layers[d − 1]` maps A^(d) to A^(d−1). */
  readonly layers: readonly DdeTruthLayer[];
  /** p_l = P(A^(D)_l = 1) of the top layer (K_D). */
  readonly topProbabilities: number[];
  /** Observation model of every column: `bernoulli`, `poisson` or `normal`. */
  readonly likelihood: DdeLikelihood;
  /** γ_j of the Normal model (J); absent for Bernoulli and Poisson. */
  readonly variances?: number[];
}

/** A design with the latents drawn from it: `latents[d − 1]` is A^(d) (N × K_d, row-major, 0/1), bottom-up. */
export interface DdeTruth extends DdeDesign {
  /** A^(1), A^(2), …, bottom-up: `latents[d − 1]` is N × K_d, row-major, 0/1. */
  readonly latents: Float64Array[];
}

/**
 * The block coefficient design of the DDE simulations (ALGORITHMS.md §9.2) for K parents and 3K children:
 * rows k and K + k load `max` on parent k (two identity blocks); in the third block, for k = 1..K/2, row 2K + k
 * has `max` on parent k and `cross` on parent k + K/2, and row 2K + K/2 + k the mirror image; intercepts are
 * −max/2, −max and −max/2 for the three blocks. Returns 3K rows of [intercept, slope_1..slope_K].
 * @example
 * ```ts
 * ddeBlockDesign(2); // rows 5–6: [-2, 4, -4/3], [-2, -4/3, 4]
 * ```
 */
export function ddeBlockDesign(k: number, max = 4, cross = -max / 3): number[][] {
  if (!Number.isInteger(k) || k < 2 || k % 2 !== 0) throw new RangeError(`the block design needs an even number of parents ≥ 2, got ${k}`);
  const rows = Array.from({ length: 3 * k }, (_, r) => {
    const row = new Array<number>(k + 1).fill(0);
    row[0] = r < k ? -max / 2 : r < 2 * k ? -max : -max / 2;
    return row;
  });
  for (let c = 0; c < k; c++) {
    rows[c][1 + c] = max;
    rows[k + c][1 + c] = max;
  }
  const h = k / 2;
  for (let c = 0; c < h; c++) {
    rows[2 * k + c][1 + c] = max;
    rows[2 * k + c][1 + c + h] = cross;
    rows[2 * k + c + h][1 + c] = cross;
    rows[2 * k + c + h][1 + c + h] = max;
  }
  return rows;
}

/** A layer of the design from its coefficients, with the graph their non-zero slopes. */
export function ddeLayer(coefficients: number[][]): DdeTruthLayer {
  return { coefficients, graph: coefficients.map((row) => row.slice(1).map((v) => (v !== 0 ? 1 : 0))) };
}

/**
 * Ancestral sampling of N rows from a D-layer design: for each row, A^(D)_l ~ Bernoulli(p_l); then for d = D − 1 … 1,
 * A^(d)_k ~ Bernoulli(σ(β_k0 + Σ_l β_kl·A^(d+1)_l)) with β = layers[d].coefficients; then η_j = β_j0 + Σ_k β_jk·A^(1)_k
 * and X_j ~ Bernoulli(σ(η_j)), Poisson(exp η_j) or N(η_j, γ_j). Uniform draws are taken in that order (top layer,
 * each layer down, the observed columns), row by row, from `rng`.
 * @example
 * ```ts
 * const { values, latents } = sampleDde(design, 500, createRng(51));
 * ```
 */
export function sampleDde(
  design: DdeDesign,
  n: number,
  rng: Rng,
): {
  /** The observations X, N × J, row-major. */
  values: Float64Array;
  /** The latents drawn, bottom-up: `latents[d − 1]` is A^(d) (N × K_d, row-major, 0/1). */
  latents: Float64Array[];
} {
  const { layers, topProbabilities: p, likelihood, variances } = design;
  const depth = layers.length;
  const widths = layers.map((l) => l.coefficients[0].length - 1);
  const j = layers[0].coefficients.length;
  if (p.length !== widths[depth - 1]) throw new RangeError(`the top layer has ${widths[depth - 1]} latents but ${p.length} probabilities`);
  if (likelihood === 'normal' && variances?.length !== j) throw new RangeError(`a Normal design needs ${j} variances, got ${variances?.length ?? 0}`);
  const latents = widths.map((k) => new Float64Array(n * k));
  const values = new Float64Array(n * j);
  for (let i = 0; i < n; i++) {
    const kTop = widths[depth - 1];
    for (let l = 0; l < kTop; l++) latents[depth - 1][i * kTop + l] = rng.uniform() < p[l] ? 1 : 0;
    for (let d = depth - 1; d >= 1; d--) {
      const [beta, parents, kp, k] = [layers[d].coefficients, latents[d], widths[d], widths[d - 1]];
      for (let c = 0; c < k; c++) latents[d - 1][i * k + c] = rng.uniform() < sigmoid(linear(beta[c], parents, i * kp, kp)) ? 1 : 0;
    }
    const [beta, a1, k1] = [layers[0].coefficients, latents[0], widths[0]];
    for (let q = 0; q < j; q++) {
      const eta = linear(beta[q], a1, i * k1, k1);
      values[i * j + q] =
        likelihood === 'bernoulli'
          ? rng.uniform() < sigmoid(eta)
            ? 1
            : 0
          : likelihood === 'poisson'
            ? poissonVariate(rng, Math.exp(eta))
            : eta + Math.sqrt(variances![q]) * rng.normal();
    }
  }
  return { values, latents };
}

/** β_0 + Σ_k β_k·a[offset + k]. */
function linear(beta: readonly number[], a: Float64Array, offset: number, k: number): number {
  let eta = beta[0];
  for (let l = 0; l < k; l++) eta += beta[1 + l] * a[offset + l];
  return eta;
}

/** The latents of every layer side by side per row (A^(1), A^(2), …), with names `a1_1..`, `a2_1..`, …. */
export function stackLatents(
  latents: readonly Float64Array[],
  n: number,
): {
  /** The ΣK_d column names `a<d>_<k>` (1-based), layer by layer. */
  names: string[];
  /** N × ΣK_d, row-major: each row's A^(1), A^(2), … side by side. */
  values: Float64Array;
} {
  const widths = latents.map((a) => a.length / n);
  const total = widths.reduce((s, k) => s + k, 0);
  const values = new Float64Array(n * total);
  for (let i = 0; i < n; i++) {
    let at = i * total;
    latents.forEach((a, d) => {
      values.set(a.subarray(i * widths[d], (i + 1) * widths[d]), at);
      at += widths[d];
    });
  }
  return { names: widths.flatMap((k, d) => Array.from({ length: k }, (_, c) => `a${d + 1}_${c + 1}`)), values };
}
