import { createRng, splitByRowIndex, type DenseDataset } from '@latentkit/core';
import { checkInt, checkPositive, names, type Synthetic } from './common.js';

/** Options of {@link sparseVaeSim}. */
export interface SparseVaeSimOptions {
  /** Number of samples N (default 1000). */
  readonly n?: number;
  /** Correlation ρ of the two factors, in (−1, 1) (default 0; the paper uses 0, 0.2, 0.4, 0.6, 0.8). */
  readonly rho?: number;
  /** Standard deviation of the additive Gaussian noise (default 0.5). */
  readonly noise?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/** Ground truth of {@link sparseVaeSim}. */
export interface SparseVaeSimTruth {
  /** The factors (N × 2, row-major): z1, z2. */
  readonly z: Float64Array;
  /** Which factors each feature depends on (7 × 2): z1 → x1, x2, x3, x7; z2 → x4, x5, x6, x7. */
  readonly support: boolean[][];
  /** The 7 × 5 loading matrix the reference evaluation scores against (fits use K = 5). */
  readonly wTrue: number[][];
  /** Anchor features (0-based) of each factor: x1, x2 for z1 and x4, x5 for z2. */
  readonly anchors: number[][];
  /** Correlation ρ of the two factors (the `rho` option). */
  readonly rho: number;
  /** Standard deviation of the additive Gaussian noise (the `noise` option). */
  readonly noise: number;
}

/**
 * Sparse VAE simulation 1 (Moran et al. 2022; ALGORITHMS.md §9.1):
 *
 * z_i ~ N(0, [[1, ρ], [ρ, 1]]);
 * x1 = z1, x2 = 2·z1, x3 = 3·z1², x4 = 4·z2, x5 = 5·z2, x6 = 6·sin(z2), x7 = 7·z1·z2, each plus N(0, noise²).
 *
 * The factors are returned as `factors` (`z1`, `z2`) and in `truth.z`. `truth.wTrue` is W_true of §1.4:
 * rows x1–x3 load 1 on factor 1, rows x4–x6 load 1 on factor 2, row x7 loads 0.5 on both, other columns 0.
 * The reference generator is unseeded; this one is deterministic under `seed`.
 * @example
 * ```ts
 * const { data, truth } = sparseVaeSim({ rho: 0.4, seed: 1 });
 * ```
 * References: G. E. Moran, D. Sridhar, Y. Wang and D. M. Blei, "Identifiable deep generative models via sparse decoding", TMLR 2022.
 */
export function sparseVaeSim(options: SparseVaeSimOptions): Synthetic<DenseDataset, SparseVaeSimTruth> {
  const { n = 1000, rho = 0, noise = 0.5, seed } = options;
  checkInt('n', n, 1);
  if (!(rho > -1 && rho < 1)) throw new RangeError(`rho must be in (-1, 1), got ${rho}`);
  checkPositive('noise', noise, true);
  const rng = createRng(seed);
  const g = 7;
  const z = new Float64Array(n * 2);
  const values = new Float64Array(n * g);
  const s = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    const e1 = rng.normal();
    const z1 = e1;
    const z2 = rho * e1 + s * rng.normal();
    z[2 * i] = z1;
    z[2 * i + 1] = z2;
    const mean = [z1, 2 * z1, 3 * z1 * z1, 4 * z2, 5 * z2, 6 * Math.sin(z2), 7 * z1 * z2];
    for (let j = 0; j < g; j++) values[i * g + j] = mean[j] + noise * rng.normal();
  }
  const support = [
    [true, false],
    [true, false],
    [true, false],
    [false, true],
    [false, true],
    [false, true],
    [true, true],
  ];
  const wTrue = [
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0.5, 0.5, 0, 0, 0],
  ];
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: g,
      values,
      columns: names('x', g),
      factors: { names: ['z1', 'z2'], values: z.slice() },
      split: splitByRowIndex(n),
      source: 'sparse-vae-sim',
    },
    truth: {
      z,
      support,
      wTrue,
      anchors: [
        [0, 1],
        [3, 4],
      ],
      rho,
      noise,
    },
  };
}
