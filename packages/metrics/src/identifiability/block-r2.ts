import { int, real } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { selectRows, type Table } from '../input/metric-input.js';
import { splitRows } from '../input/split-rows.js';
import { fitKernelRidge } from '../predictors/kernel-ridge.js';

/** Parameters of `metrics/block-r2`. */
export interface BlockR2Params {
  /** Ridge penalty α of the kernel ridge regression. */
  alpha: number;
  /** RBF kernel width γ in exp(−γ‖x − x′‖²) on standardised inputs; `null`: 1/d′. */
  gamma: number | null;
  nTrain: number;
  nTest: number;
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

const { plugin, fn } = metric({
  id: 'block-r2',
  description: 'Block identifiability: test R² of a kernel ridge regression of the true block on the estimated block.',
  params: {
    alpha: real({ exclusiveMin: 0, description: 'Ridge penalty of the kernel ridge regression.' }),
    gamma: real({ exclusiveMin: 0, description: 'RBF width on standardised inputs (default 1/number of pred columns).' }),
    nTrain: int({ min: 1, description: 'Training rows (first rows).' }),
    nTest: int({ min: 1, description: 'Test rows (the rows after the training rows).' }),
  },
  defaults: { alpha: 0.1, gamma: null, nTrain: 2000, nTest: 1000 } as BlockR2Params,
  compute(truth, pred, params, key) {
    const { train, test } = splitRows(truth.nRows, params.nTrain, params.nTest, key);
    const gamma = params.gamma ?? 1 / pred.nCols;
    const x = standardise(selectRows(pred, [...train, ...test]), selectRows(pred, train));
    const y = standardise(selectRows(truth, [...train, ...test]), selectRows(truth, train));
    const n = train.length;
    const [p, q] = [pred.nCols, truth.nCols];
    const model = fitKernelRidge(x.subarray(0, n * p), y.subarray(0, n * q), n, p, q, params.alpha, gamma);
    const yTest = y.subarray(n * q);
    const fitTest = model.predict(x.subarray(n * p), test.length);
    const fitTrain = model.predict(x.subarray(0, n * p), n);
    const r2 = truth.columns.map((_, j) => r2Score(yTest, fitTest, q, j));
    const r2Train = truth.columns.map((_, j) => r2Score(y.subarray(0, n * q), fitTrain, q, j));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    return {
      value: mean(r2),
      parts: { ...Object.fromEntries(truth.columns.map((c, j) => [`r2:${c}`, r2[j]])), trainR2: mean(r2Train) },
      settings: { gammaUsed: gamma, nTrainUsed: n, nTestUsed: test.length },
    };
  },
});

/**
 * Block identifiability (`metrics/block-r2`), in the style of von Kügelgen et al. (2021): how well the true block
 * can be recovered from the estimated block by a nonlinear regression. The first rows train and the following
 * rows test (rule of `splitRows`: with N < nTrain + nTest rows, the first 2/3 for the default 2000/1000); both
 * blocks are standardised with the training mean and population standard deviation; scikit-learn's
 * `KernelRidge(alpha, kernel='rbf', gamma)` (default α = 0.1, γ = 1/d′) regresses the true block on the estimated
 * one; the value is the test R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)², averaged uniformly over the true columns. Near 1 when
 * the true block is a smooth function of the estimated block, near or below 0 when unrelated.
 *
 * `truth`: N×d true block; `pred`: N×d′ estimated block. Parts: `r2:<true column>`, `trainR2`.
 * @example
 * ```ts
 * blockR2(trueContent, estimatedContent).value; // 0.86
 * ```
 */
export const blockR2 = fn;
/** The `metrics/block-r2` plugin; see {@link blockR2}. */
export const blockR2Plugin = plugin;
