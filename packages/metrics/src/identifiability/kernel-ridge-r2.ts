import { createRng } from '@latentkit/core';
import { bool, int, real, type ParamSpecs } from '@latentkit/registry';
import { selectRows, type Table } from '../input/metric-input.js';
import { splitRows } from '../input/split-rows.js';
import { fitKernelRidge } from '../predictors/kernel-ridge.js';

/** Settings of the kernel ridge regression and its train/test split, shared by `metrics/block-r2` and `metrics/leakage`. */
export interface KernelRidgeR2Params {
  /** Ridge penalty α of the kernel ridge regression. */
  alpha: number;
  /** RBF kernel width γ in exp(−γ‖x − x′‖²) on standardised inputs; `null`: 1/d′. */
  gamma: number | null;
  /** Training rows (≥ 1; default 2,000): of the shuffled rows, or the first rows with `shuffle: false`. */
  nTrain: number;
  /** Test rows (≥ 1; default 1,000), the rows after the training rows; with fewer than nTrain + nTest rows, see `splitRows`. */
  nTest: number;
  /** Shuffle the rows (seeded by `seed`) before splitting them; `false`: the first rows train, in file order. */
  shuffle: boolean;
  /** Seed of the shuffle. */
  seed: number;
}

/** Parameter specs of {@link KernelRidgeR2Params}. */
export const KERNEL_RIDGE_R2_PARAMS: ParamSpecs<KernelRidgeR2Params> = {
  alpha: real({ exclusiveMin: 0, description: 'Ridge penalty of the kernel ridge regression.' }),
  gamma: real({ exclusiveMin: 0, description: 'RBF width on standardised inputs (default 1/number of pred columns).' }),
  nTrain: int({ min: 1, description: 'Training rows (of the shuffled rows, or the first rows with shuffle=false).' }),
  nTest: int({ min: 1, description: 'Test rows (the rows after the training rows).' }),
  shuffle: bool({ description: 'Shuffle the rows with the seed before splitting (default true; false: file order).' }),
  seed: int({ min: 0, description: 'Seed of the row shuffle (default 0).' }),
};

/** Defaults of {@link KernelRidgeR2Params}: α = 0.1, γ = 1/d′, 2,000/1,000 rows, shuffled with seed 0. */
export const KERNEL_RIDGE_R2_DEFAULTS: KernelRidgeR2Params = { alpha: 0.1, gamma: null, nTrain: 2000, nTest: 1000, shuffle: true, seed: 0 };

/** Test R² per true column, the mean training R², and the settings derived from the data. */
export interface KernelRidgeR2 {
  /** Test R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² of each true column, in the order of `truth`'s columns (≤ 1). */
  readonly r2: number[];
  /** The training R², averaged over the true columns: near 1 with much lower test R² means overfitting. */
  readonly trainR2: number;
  /** The settings the data decided. */
  readonly settings: {
    /** γ of the RBF kernel, `gamma` or 1/d′. */
    readonly gammaUsed: number;
    /** Training rows used. */
    readonly nTrainUsed: number;
    /** Test rows used. */
    readonly nTestUsed: number;
  };
}

/** Centre and scale columns by the mean and population standard deviation of the rows `fit` (scale 1 for a constant column). */
function standardise(t: Table, fit: Table): Float64Array {
  const out = new Float64Array(t.nRows * t.nCols);
  for (let j = 0; j < t.nCols; j++) {
    let mean = 0;
    for (let i = 0; i < fit.nRows; i++) mean += fit.values[i * fit.nCols + j];
    mean /= fit.nRows;
    let ss = 0;
    for (let i = 0; i < fit.nRows; i++) ss += (fit.values[i * fit.nCols + j] - mean) ** 2;
    const sd = Math.sqrt(ss / fit.nRows) || 1;
    for (let i = 0; i < t.nRows; i++) out[i * t.nCols + j] = (t.values[i * t.nCols + j] - mean) / sd;
  }
  return out;
}

/** scikit-learn's r2_score for one output: 1 − SS_res/SS_tot; 1 when both are 0, 0 when only SS_tot is. */
export function r2Score(y: Float64Array, yHat: Float64Array, q: number, j: number): number {
  const m = y.length / q;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += y[i * q + j] / m;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < m; i++) {
    res += (y[i * q + j] - yHat[i * q + j]) ** 2;
    tot += (y[i * q + j] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/**
 * Test R² of scikit-learn's `KernelRidge(alpha, kernel='rbf', gamma)` regressing `truth` (N×d) on `pred` (N×d′).
 * The rows are shuffled with `createRng(seed).permutation(N)` (unless `shuffle` is false) and then split by the rule
 * of `splitRows` (nTrain/nTest, or 2/3 of N when N is smaller); both blocks are standardised with the training mean
 * and population standard deviation; R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² per true column on the test rows.
 */
export function kernelRidgeR2(truth: Table, pred: Table, params: KernelRidgeR2Params, key: string): KernelRidgeR2 {
  const split = splitRows(truth.nRows, params.nTrain, params.nTest, key);
  const order = params.shuffle ? createRng(params.seed).permutation(truth.nRows) : undefined;
  const train = order ? Array.from(split.train, (i) => order[i]) : Array.from(split.train);
  const test = order ? Array.from(split.test, (i) => order[i]) : Array.from(split.test);
  const gamma = params.gamma ?? 1 / pred.nCols;
  const x = standardise(selectRows(pred, [...train, ...test]), selectRows(pred, train));
  const y = standardise(selectRows(truth, [...train, ...test]), selectRows(truth, train));
  const n = train.length;
  const [p, q] = [pred.nCols, truth.nCols];
  const model = fitKernelRidge(x.subarray(0, n * p), y.subarray(0, n * q), n, p, q, params.alpha, gamma);
  const fitTest = model.predict(x.subarray(n * p), test.length);
  const fitTrain = model.predict(x.subarray(0, n * p), n);
  const r2 = truth.columns.map((_, j) => r2Score(y.subarray(n * q), fitTest, q, j));
  const r2Train = truth.columns.map((_, j) => r2Score(y.subarray(0, n * q), fitTrain, q, j));
  return { r2, trainR2: mean(r2Train), settings: { gammaUsed: gamma, nTrainUsed: n, nTestUsed: test.length } };
}

/** Arithmetic mean of a non-empty list. */
export const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
