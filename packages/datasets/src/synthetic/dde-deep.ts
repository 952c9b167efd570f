import { createRng, splitByRowIndex, type DenseDataset } from '@latentkit/core';
import { checkInt, names, type Synthetic } from './common.js';
import { ddeBlockDesign, ddeLayer, sampleDde, stackLatents, type DdeTruth } from './dde-design.js';

/** Options of {@link ddeDeepNormal}. */
export interface DdeDeepNormalOptions {
  /** Number of samples N (default 1000; the paper uses 500 to 16000). */
  readonly n?: number;
  /** Number of latent layers D (default 3: K = 18, 6, 2 and J = 54; D = 4: K = 54, 18, 6, 2 and J = 162). */
  readonly depth?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/** Options of {@link ddeSelectK}. */
export interface DdeSelectKOptions {
  /** Number of samples N (default 1000; the paper uses 500 to 16000). */
  readonly n?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/**
 * A Normal-response design of D layers with K_D = 2 and K_{d−1} = 3·K_d (J = 3·K_1), every layer's coefficients from
 * {@link ddeBlockDesign} with the given maximum and cross effect, p_l = 0.5 and γ_j = 1, and N rows drawn from it.
 */
function deepNormal(n: number, depth: number, max: number, cross: number, seed: number, source: string): Synthetic<DenseDataset, DdeTruth> {
  checkInt('n', n, 1);
  checkInt('depth', depth, 1);
  const widths = Array.from({ length: depth }, (_, d) => 2 * 3 ** (depth - 1 - d));
  const j = 3 * widths[0];
  const design = {
    layers: widths.map((k) => ddeLayer(ddeBlockDesign(k, max, cross))),
    topProbabilities: [0.5, 0.5],
    likelihood: 'normal' as const,
    variances: new Array<number>(j).fill(1),
  };
  const { values, latents } = sampleDde(design, n, createRng(seed));
  return {
    data: { kind: 'dense', nRows: n, nCols: j, values, columns: names('x', j), factors: stackLatents(latents, n), split: splitByRowIndex(n), source },
    truth: { ...design, latents },
  };
}

/**
 * The deep Normal Deep Discrete Encoder simulation (Lee & Gu 2025, `sim_normal_D.m`; ALGORITHMS.md §9.3): D binary
 * latent layers of widths K_D = 2, K_{d−1} = 3·K_d (D = 3: 18, 6, 2; D = 4: 54, 18, 6, 2), J = 3·K_1 Normal columns.
 *
 * A^(D)_l ~ Bernoulli(0.5); A^(d)_k | A^(d+1) ~ Bernoulli(σ(β_k0 + Σ_l β_kl·A^(d+1)_l)); X_j | A^(1) ~ N(η_j, γ_j = 1).
 * Every layer's coefficients follow {@link ddeBlockDesign} with max 4 and cross effects −max/2 = −2 (intercepts
 * −2 / −4 / −2). The truth has `layers` bottom-up ({coefficients, graph}), `topProbabilities`, `variances` and the
 * `latents` of each layer; the latents are also the data's `factors` (`a1_1..`, `a2_1..`, …).
 * @example
 * ```ts
 * const { data, truth } = ddeDeepNormal({ n: 2000, depth: 3, seed: 51 });
 * truth.layers.map((l) => l.graph[0].length); // [18, 6, 2]
 * ```
 * References: S. Lee and Y. Gu, "Deep Discrete Encoders: Identifiable Deep Generative Models for Rich Data with Discrete Latent Layers", arXiv 2501.01414.
 */
export function ddeDeepNormal(options: DdeDeepNormalOptions): Synthetic<DenseDataset, DdeTruth> {
  const { n = 1000, depth = 3, seed } = options;
  return deepNormal(n, depth, 4, -2, seed, `dde-deep-normal-d${depth}`);
}

/**
 * The K-selection Deep Discrete Encoder simulation (Lee & Gu 2025, `select_K.m`; ALGORITHMS.md §9.4): D = 3 layers
 * of widths 18, 6, 2 over J = 54 Normal columns (γ_j = 1, p_l = 0.5), every layer from {@link ddeBlockDesign} with
 * max 5 and cross effects −2.5 (intercepts −2.5 / −5 / −2.5). The truth has the same form as {@link ddeDeepNormal}'s;
 * the spectral-gap selection should recover K = 18, 6, 2.
 * @example
 * ```ts
 * const { data, truth } = ddeSelectK({ n: 4000, seed: 51 });
 * ```
 * References: S. Lee and Y. Gu, "Deep Discrete Encoders: Identifiable Deep Generative Models for Rich Data with Discrete Latent Layers", arXiv 2501.01414.
 */
export function ddeSelectK(options: DdeSelectKOptions): Synthetic<DenseDataset, DdeTruth> {
  const { n = 1000, seed } = options;
  return deepNormal(n, 3, 5, -2.5, seed, 'dde-select-k');
}
