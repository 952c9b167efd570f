import { createRng, poissonVariate, sigmoid, splitByRowIndex, type DenseDataset } from '@latentkit/core';
import { checkInt, names, type Synthetic } from './common.js';

/** Observation model of the bottom layer. */
export type DdeLikelihood = 'bernoulli' | 'poisson' | 'normal';

/** Options of {@link ddeTwoLayer}. */
export interface DdeTwoLayerOptions {
  /** Number of samples N (default 1000; the paper uses 500 to 8000). */
  readonly n?: number;
  /** Observation model (default `'bernoulli'`). */
  readonly likelihood?: DdeLikelihood;
  /** Width K2 of the top layer, even (default 2); then K1 = 3·K2 and J = 3·K1. */
  readonly k2?: number;
  readonly seed: number;
}

/** Ground truth of {@link ddeTwoLayer}. Coefficient matrices have the intercept in column 0. */
export interface DdeTwoLayerTruth {
  /** Bottom latent layer A^(1) (N × K1, row-major, 0/1). */
  readonly a1: Float64Array;
  /** Top latent layer A^(2) (N × K2, row-major, 0/1). */
  readonly a2: Float64Array;
  /** Observed-layer coefficients B^(1) (J × (1 + K1)). */
  readonly b1: number[][];
  /** Middle-layer coefficients B^(2) (K1 × (1 + K2)). */
  readonly b2: number[][];
  /** Support G^(1) of the slopes of B^(1) (J × K1). */
  readonly g1: boolean[][];
  /** Support G^(2) of the slopes of B^(2) (K1 × K2). */
  readonly g2: boolean[][];
  /** Bernoulli probabilities p_l of the top layer (K2). */
  readonly p: number[];
  /** Noise variances γ_j of the Normal model (J), absent otherwise. */
  readonly gamma?: number[];
  readonly likelihood: DdeLikelihood;
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

/**
 * Two-layer Deep Discrete Encoder simulation (Lee & Gu 2025; ALGORITHMS.md §9.2), K2 = 2, K1 = 6, J = 18 by default:
 *
 * A^(2)_il ~ Bernoulli(p_l = 0.5);
 * A^(1)_ik | A^(2) ~ Bernoulli(σ(B2_k0 + Σ_l B2_kl·A^(2)_il));
 * η_ij = B1_j0 + Σ_k B1_jk·A^(1)_ik, X_ij ~ Bernoulli(σ(η_ij)), Poisson(exp η_ij) or N(η_ij, γ_j = 1).
 *
 * B2 (6 × 2 slopes) and B1 (18 × 6 slopes) follow {@link ddeBlockDesign} with max 4 and cross −4/3.
 * Both latent layers are returned as `factors` (`a1_1..a1_K1`, `a2_1..a2_K2`).
 * @example
 * ```ts
 * const { data, truth } = ddeTwoLayer({ n: 2000, likelihood: 'poisson', seed: 51 });
 * ```
 * References: S. Lee and Y. Gu, "Deep Discrete Encoders: Identifiable Deep Generative Models for Rich Data with Discrete Latent Layers", arXiv 2501.01414.
 */
export function ddeTwoLayer(options: DdeTwoLayerOptions): Synthetic<DenseDataset, DdeTwoLayerTruth> {
  const { n = 1000, likelihood = 'bernoulli', k2 = 2, seed } = options;
  checkInt('n', n, 1);
  if (!['bernoulli', 'poisson', 'normal'].includes(likelihood))
    throw new RangeError(`likelihood must be 'bernoulli', 'poisson' or 'normal', got '${likelihood}'`);
  const k1 = 3 * k2;
  const j = 3 * k1;
  const b2 = ddeBlockDesign(k2);
  const b1 = ddeBlockDesign(k1);
  const p = new Array<number>(k2).fill(0.5);
  const gamma = likelihood === 'normal' ? new Array<number>(j).fill(1) : undefined;
  const rng = createRng(seed);

  const a1 = new Float64Array(n * k1);
  const a2 = new Float64Array(n * k2);
  const values = new Float64Array(n * j);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k2; l++) a2[i * k2 + l] = rng.uniform() < p[l] ? 1 : 0;
    for (let k = 0; k < k1; k++) {
      let eta = b2[k][0];
      for (let l = 0; l < k2; l++) eta += b2[k][1 + l] * a2[i * k2 + l];
      a1[i * k1 + k] = rng.uniform() < sigmoid(eta) ? 1 : 0;
    }
    for (let q = 0; q < j; q++) {
      let eta = b1[q][0];
      for (let k = 0; k < k1; k++) eta += b1[q][1 + k] * a1[i * k1 + k];
      values[i * j + q] =
        likelihood === 'bernoulli'
          ? rng.uniform() < sigmoid(eta)
            ? 1
            : 0
          : likelihood === 'poisson'
            ? poissonVariate(rng, Math.exp(eta))
            : eta + Math.sqrt(gamma![q]) * rng.normal();
    }
  }
  const support = (b: number[][]): boolean[][] => b.map((row) => row.slice(1).map((v) => v !== 0));
  const factors = new Float64Array(n * (k1 + k2));
  for (let i = 0; i < n; i++) {
    factors.set(a1.subarray(i * k1, (i + 1) * k1), i * (k1 + k2));
    factors.set(a2.subarray(i * k2, (i + 1) * k2), i * (k1 + k2) + k1);
  }
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: j,
      values,
      columns: names('x', j),
      factors: { names: [...names('a1_', k1), ...names('a2_', k2)], values: factors },
      split: splitByRowIndex(n),
      source: `dde-two-layer-${likelihood}`,
    },
    truth: { a1, a2, b1, b2, g1: support(b1), g2: support(b2), p, ...(gamma ? { gamma } : {}), likelihood },
  };
}
