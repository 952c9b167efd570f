import { createRng, splitByRowIndex, type DenseDataset } from '@latentkit/core';
import { checkInt, names, type Synthetic } from './common.js';
import { ddeBlockDesign, ddeLayer, sampleDde, stackLatents, type DdeLikelihood, type DdeTruth } from './dde-design.js';

/** Options of {@link ddeTwoLayer}. */
export interface DdeTwoLayerOptions {
  /** Number of samples N (default 1000; the paper uses 500 to 8000). */
  readonly n?: number;
  /** Observation model (default `'bernoulli'`). */
  readonly likelihood?: DdeLikelihood;
  /** Width K2 of the top layer, even (default 2); then K1 = 3·K2 and J = 3·K1. */
  readonly k2?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/**
 * Ground truth of {@link ddeTwoLayer}: the D = 2 design in the common form ({@link DdeTruth}: `layers` bottom-up,
 * `topProbabilities`, `variances`, `latents`) and, for existing callers, the same values under their two-layer names.
 * Coefficient matrices have the intercept in column 0.
 */
export interface DdeTwoLayerTruth extends DdeTruth {
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
  /** Observation model of every column: `bernoulli`, `poisson` or `normal`. */
  readonly likelihood: DdeLikelihood;
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
  const layers = [ddeLayer(b1), ddeLayer(b2)];
  const design = { layers, topProbabilities: p, likelihood, ...(gamma ? { variances: gamma } : {}) };
  const { values, latents } = sampleDde(design, n, createRng(seed));
  const [a1, a2] = latents;
  const support = (b: number[][]): boolean[][] => b.map((row) => row.slice(1).map((v) => v !== 0));
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: j,
      values,
      columns: names('x', j),
      factors: stackLatents(latents, n),
      split: splitByRowIndex(n),
      source: `dde-two-layer-${likelihood}`,
    },
    truth: { ...design, latents, a1, a2, b1, b2, g1: support(b1), g2: support(b2), p, ...(gamma ? { gamma } : {}) },
  };
}
