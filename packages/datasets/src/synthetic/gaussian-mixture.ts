import {
  categoricalVariate,
  cholesky,
  createRng,
  cumulativeProbabilities,
  dirichletVariate,
  fromRows,
  splitByRowIndex,
  type DenseDataset,
} from '@latentkit/core';
import { checkInt, checkPositive, names, type Synthetic } from './common.js';

/** Options of {@link gaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Number of samples N (default 1000). */
  readonly n?: number;
  /** Dimension D (default 2). */
  readonly d?: number;
  /** Number of components K (default 3). */
  readonly k?: number;
  /** Standard deviation s of the component means around 0: 4 is well separated, 1 overlapping (default 4). */
  readonly separation?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/** The mixture the data were drawn from. */
export interface GaussianMixtureTruth {
  /** Mixing weights π (K). */
  readonly weights: number[];
  /** Component means μ_k (K × D). */
  readonly means: number[][];
  /** Component covariances Σ_k (K × D × D). */
  readonly covariances: number[][][];
  /** Component of each sample, 0..K−1. */
  readonly labels: Int32Array;
}

/**
 * Draw from a random Gaussian mixture (ALGORITHMS.md §9.6):
 *
 * π ~ Dirichlet(5·1_K); μ_k ~ N(0, s²·I_D); Σ_k = A_k·A_kᵀ/D + 0.5·I_D with A_k ~ N(0, 1)^{D×D};
 * z_i ~ Categorical(π); x_i | z_i = k ~ N(μ_k, Σ_k).
 *
 * The parameters come from their own random stream, so they depend on the seed, D, K and s but not on N.
 * Columns are `x1..xD`; labels (and `truth.labels`) hold z_i; `split` follows the latentkit row-index rule.
 * The EM speed benchmark is `{ n: 200_000, d: 10, k: 16, separation: 1 }`.
 * @example
 * ```ts
 * const { data, truth } = gaussianMixture({ n: 500, d: 2, k: 3, seed: 1 });
 * ```
 */
export function gaussianMixture(options: GaussianMixtureOptions): Synthetic<DenseDataset, GaussianMixtureTruth> {
  const { n = 1000, d = 2, k = 3, separation = 4, seed } = options;
  checkInt('n', n, 1);
  checkInt('d', d, 1);
  checkInt('k', k, 1);
  checkPositive('separation', separation, true);
  const [paramRng, sampleRng] = createRng(seed).split(2);

  const weights = Array.from(dirichletVariate(paramRng, new Array<number>(k).fill(5)));
  const means = Array.from({ length: k }, () => Array.from({ length: d }, () => separation * paramRng.normal()));
  const covariances = Array.from({ length: k }, () => {
    const a = Array.from({ length: d }, () => Array.from({ length: d }, () => paramRng.normal()));
    return Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => {
        let s = 0;
        for (let q = 0; q < d; q++) s += a[i][q] * a[j][q];
        return s / d + (i === j ? 0.5 : 0);
      }),
    );
  });
  const factors = covariances.map((s) => cholesky(fromRows(s)).data);

  const cdf = cumulativeProbabilities(weights);
  const labels = new Int32Array(n);
  const values = new Float64Array(n * d);
  const eps = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = categoricalVariate(sampleRng, cdf);
    labels[i] = c;
    sampleRng.fillNormal(eps);
    const l = factors[c];
    for (let r = 0; r < d; r++) {
      let s = means[c][r];
      for (let q = 0; q <= r; q++) s += l[r * d + q] * eps[q];
      values[i * d + r] = s;
    }
  }
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: d,
      values,
      columns: names('x', d),
      labels: Array.from(labels),
      labelName: 'component',
      split: splitByRowIndex(n),
      source: 'synthetic-gmm',
    },
    truth: { weights, means, covariances, labels },
  };
}
