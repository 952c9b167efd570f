import { int, oneOf, real } from '@latentkit/registry';
import { metric, type MetricValue } from '../define-metric.js';
import { column, type Table } from '../input/metric-input.js';
import { splitRows } from '../input/split-rows.js';
import { fitGradientBoostingClassifier } from '../predictors/gradient-boosting.js';
import { fitLasso } from '../predictors/lasso.js';
import { featureMatrix } from '../predictors/regression-tree.js';
import { r2Score } from '../identifiability/kernel-ridge-r2.js';
import { encodeLabels, factorLabels } from '../stats/labels.js';
import { dciScores } from './dci-scores.js';

/** Which predictor gives DCI's importance matrix. */
export type DciPredictor = 'gbt' | 'lasso';

/** Parameters of `metrics/dci`. */
export interface DciParams {
  /** `gbt` (gradient-boosted trees classifier, default, as disentanglement_lib) or `lasso` (linear regression). */
  predictor: DciPredictor;
  /** Training rows, the first ones (≥ 1; default 10,000). */
  nTrain: number;
  /** Test rows, after the training rows (≥ 1; default 5,000). */
  nTest: number;
  /** Histogram bins for non-integer factors (`gbt` only). */
  factorBins: number;
  /** Boosting stages (`gbt` only; default 100, scikit-learn's). */
  nEstimators: number;
  /** Shrinkage of each stage (`gbt` only; default 0.1, scikit-learn's). */
  learningRate: number;
  /** Depth of each regression tree (`gbt` only; default 3, scikit-learn's). */
  maxDepth: number;
  /** Lasso penalty on standardised codes and factors. */
  alpha: number;
  /** scikit-learn's `random_state` of each GradientBoostingClassifier (order of features for tie-breaking). */
  seed: number;
}

/** DCI's result: the scores plus the D × K importance matrix (codes × factors). */
export interface DciValue extends MetricValue {
  /** R, one row per code (D rows of K): R_ij = |importance| of code i for factor j. */
  readonly importance: number[][];
}

interface Importance {
  readonly r: Float64Array;
  readonly train: number;
  readonly test: number;
}

function gbtImportance(truth: Table, pred: Table, params: DciParams, rows: { train: Int32Array; test: Int32Array }): Importance {
  const used = [...rows.train, ...rows.test];
  const nTr = rows.train.length;
  const fm = featureMatrix(pred.values, pred.nCols, rows.train);
  const r = new Float64Array(pred.nCols * truth.nCols);
  let train = 0;
  let test = 0;
  truth.columns.forEach((_, j) => {
    const y = factorLabels(column(truth, j, used), params.factorBins).codes;
    const enc = encodeLabels(y.subarray(0, nTr));
    const model = fitGradientBoostingClassifier(fm, enc.codes, enc.nClasses, params);
    model.featureImportances.forEach((v, i) => (r[i * truth.nCols + j] = Math.abs(v)));
    let hits = 0;
    model.trainPredictions.forEach((k, q) => (hits += enc.classes[k] === y[q] ? 1 : 0));
    train += hits / nTr;
    hits = 0;
    model.predict(pred.values, rows.test).forEach((k, q) => (hits += enc.classes[k] === y[nTr + q] ? 1 : 0));
    test += hits / rows.test.length;
  });
  return { r, train: train / truth.nCols, test: test / truth.nCols };
}

function standardised(t: Table, rows: Int32Array, train: number): Float64Array {
  const out = new Float64Array(rows.length * t.nCols);
  for (let j = 0; j < t.nCols; j++) {
    const c = column(t, j, rows);
    let mean = 0;
    for (let i = 0; i < train; i++) mean += c[i];
    mean /= train;
    let ss = 0;
    for (let i = 0; i < train; i++) ss += (c[i] - mean) ** 2;
    const sd = Math.sqrt(ss / train) || 1;
    for (let i = 0; i < rows.length; i++) out[i * t.nCols + j] = (c[i] - mean) / sd;
  }
  return out;
}

function lassoImportance(truth: Table, pred: Table, params: DciParams, rows: { train: Int32Array; test: Int32Array }): Importance {
  const used = Int32Array.from([...rows.train, ...rows.test]);
  const [nTr, nTe, p, k] = [rows.train.length, rows.test.length, pred.nCols, truth.nCols];
  const x = standardised(pred, used, nTr);
  const y = standardised(truth, used, nTr);
  const r = new Float64Array(p * k);
  let train = 0;
  let test = 0;
  for (let j = 0; j < k; j++) {
    const yj = Float64Array.from({ length: used.length }, (_, i) => y[i * k + j]);
    const fit = fitLasso(x.subarray(0, nTr * p), yj.subarray(0, nTr), nTr, p, { alpha: params.alpha });
    fit.coef.forEach((v, i) => (r[i * k + j] = Math.abs(v)));
    const predict = (from: number, to: number) =>
      Float64Array.from({ length: to - from }, (_, q) => fit.coef.reduce((s, c, i) => s + c * x[(from + q) * p + i], fit.intercept));
    train += r2Score(yj.subarray(0, nTr), predict(0, nTr), 1, 0);
    test += r2Score(yj.subarray(nTr), predict(nTr, nTr + nTe), 1, 0);
  }
  return { r, train: train / k, test: test / k };
}

const { plugin, fn } = metric({
  id: 'dci',
  description: 'DCI disentanglement, completeness and informativeness (Eastwood & Williams 2018; disentanglement_lib), predictor as a parameter.',
  params: {
    predictor: oneOf(['gbt', 'lasso'], { description: 'gbt: gradient-boosted trees classifier (disentanglement_lib); lasso: linear regression.' }),
    nTrain: int({ min: 1, description: 'Training rows (first rows).' }),
    nTest: int({ min: 1, description: 'Test rows (after the training rows).' }),
    factorBins: int({ min: 1, description: 'Histogram bins for non-integer factors (gbt).' }),
    nEstimators: int({ min: 1, description: 'Boosting stages (gbt).' }),
    learningRate: real({ exclusiveMin: 0, description: 'Shrinkage (gbt).' }),
    maxDepth: int({ min: 1, description: 'Tree depth (gbt).' }),
    alpha: real({ exclusiveMin: 0, description: 'Lasso penalty on standardised data (lasso).' }),
    seed: int({ min: 0, max: 4294967295, description: 'random_state of the gradient boosting (gbt): feature order for ties.' }),
  },
  defaults: {
    predictor: 'gbt',
    nTrain: 10000,
    nTest: 5000,
    factorBins: 20,
    nEstimators: 100,
    learningRate: 0.1,
    maxDepth: 3,
    alpha: 0.02,
    seed: 0,
  } as DciParams,
  compute(truth, pred, params, key): DciValue {
    const rows = splitRows(truth.nRows, params.nTrain, params.nTest, key);
    const imp = params.predictor === 'gbt' ? gbtImportance(truth, pred, params, rows) : lassoImportance(truth, pred, params, rows);
    const { disentanglement, completeness } = dciScores(imp.r, pred.nCols, truth.nCols);
    return {
      value: disentanglement,
      parts: { disentanglement, completeness, informativeness: imp.test, informativenessTrain: imp.train, informativenessTest: imp.test },
      settings: { nTrainUsed: rows.train.length, nTestUsed: rows.test.length },
      importance: pred.columns.map((_, i) => Array.from(imp.r.subarray(i * truth.nCols, (i + 1) * truth.nCols))),
    };
  },
});

/**
 * DCI (`metrics/dci`; Eastwood & Williams 2018) as google-research/disentanglement_lib `evaluation/metrics/dci.py`,
 * with the predictor as a parameter. The value is the disentanglement D; parts give D, completeness C and
 * informativeness (test; also train).
 *
 * Rows: the `splitRows` rule (first nTrain = 10,000 rows train, next nTest = 5,000 test; with fewer rows the first
 * 2/3 train and the rest test). An importance matrix R (D codes × K factors) comes from one predictor per factor:
 * - `gbt` (default, disentanglement_lib): scikit-learn 1.2 `GradientBoostingClassifier()` (100 stages, learning
 *   rate 0.1, depth 3, log-loss, friedman_mse, float32 features), R_·j = |feature_importances_|;
 *   informativeness = classification accuracy. Integer-valued factors are class labels, others are discretised by a
 *   `factorBins`-bin histogram (default 20) over the rows used. Exact ties between equally good splits are broken
 *   by feature index here and at random in scikit-learn, which can move D and C by ~1e-3.
 * - `lasso`: codes and factors standardised (training mean, population standard deviation), scikit-learn
 *   `Lasso(alpha)` per factor (default α = 0.02), R_·j = |coef|; informativeness = R² (1 − SS_res/SS_tot).
 *
 * D = Σ_i ρ_i(1 − H_K(P_i·)), P_i· = R_i· + 1e-11 normalised over factors, ρ_i = Σ_j R_ij/Σ R;
 * C = Σ_j ρ_j(1 − H_D(P̃_·j)), P̃_·j over codes, ρ_j = Σ_i R_ij/Σ R; entropies in base K and D (1 when the base is 1).
 *
 * D and C describe how the predictable information is spread; when informativeness is near chance (or R² ≈ 0) the
 * importances are noise and so are D and C (with the lasso a nearly all-zero R can even give D, C near 1).
 *
 * `truth`: N×K factors; `pred`: N×D codes. The result also holds `importance` (R as rows of codes).
 * @example
 * ```ts
 * dci(factors, codes, { predictor: 'gbt', nTrain: 600, nTest: 300 }).parts.completeness; // 0.65
 * ```
 */
export const dci = fn;
/** The `metrics/dci` plugin; see {@link dci}. */
export const dciPlugin = plugin;
