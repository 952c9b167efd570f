import { createRng, type DenseDataset } from '@latentkit/core';

/**
 * Three well-separated 3-D means for {@link toyMixtureData}: with 20,000 rows, the data of the tests that compare
 * streamed and sharded GMM fits with the in-memory one (two full E-step blocks of 8,192 rows and a short one).
 * @example
 * ```ts
 * const data = toyMixtureData({ nRows: 20_000, seed: 7, means: THREE_MEANS_3D });
 * ```
 */
export const THREE_MEANS_3D: readonly (readonly number[])[] = [
  [-2, 0, 1],
  [2, 1, 0],
  [0, 4, -1],
];

/** Options of {@link toyMixtureData}. */
export interface ToyMixtureDataOptions {
  /** Number of rows N (default 60); row i comes from component i mod K. */
  readonly nRows?: number;
  /** Seed of the noise ε (default 0). */
  readonly seed?: number;
  /** Component means (one row of D numbers each; default the 1-D means −2 and 2). */
  readonly means?: readonly (readonly number[])[];
  /** Standard deviation of the noise around each mean, the same for every component and column (default 1). */
  readonly sd?: number;
}

/**
 * Seeded data from an equal-weight Gaussian mixture: row i comes from component i mod K, x_i = μ_k + sd·ε.
 * Columns are `x1..xD`; `labels` hold the components.
 */
export function toyMixtureData(opts: ToyMixtureDataOptions = {}): DenseDataset {
  const { nRows = 60, seed = 0, means = [[-2], [2]], sd = 1 } = opts;
  const d = means[0].length;
  const rng = createRng(seed);
  const values = new Float64Array(nRows * d);
  const labels: number[] = [];
  for (let i = 0; i < nRows; i++) {
    const k = i % means.length;
    labels.push(k);
    for (let j = 0; j < d; j++) values[i * d + j] = means[k][j] + sd * rng.normal();
  }
  return {
    kind: 'dense',
    nRows,
    nCols: d,
    values,
    columns: Array.from({ length: d }, (_, j) => `x${j + 1}`),
    labels,
    labelName: 'component',
    source: 'toy mixture data',
  };
}
