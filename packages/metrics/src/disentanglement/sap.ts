import { bool, int } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { column, type Table } from '../input/metric-input.js';
import { firstRows, splitRows } from '../input/split-rows.js';
import { fitLinearSvc1d } from '../predictors/linear-svc.js';
import { encodeLabels, factorLabels } from '../stats/labels.js';

/** Parameters of `metrics/sap`. */
export interface SapParams {
  /** Treat factors as continuous (R² scores) instead of discrete (classifier accuracy). */
  continuous: boolean;
  /** Training rows, the first ones (≥ 1; default 10,000); the continuous case uses only these. */
  nTrain: number;
  /** Test rows after the training rows, discrete case only (≥ 1; default 5,000). */
  nTest: number;
  /** Histogram bins for non-integer factors in the discrete case. */
  factorBins: number;
}

const SVC_C = 0.01;

function continuousScores(truth: Table, pred: Table, nTrain: number): { scores: number[][]; rows: number } {
  const rows = firstRows(truth.nRows, nTrain);
  const n = rows.length;
  const scores = pred.columns.map((_, i) => {
    const c = column(pred, i, rows);
    return truth.columns.map((_, j) => {
      const y = column(truth, j, rows);
      let mc = 0;
      let my = 0;
      for (let r = 0; r < n; r++) {
        mc += c[r] / n;
        my += y[r] / n;
      }
      let cov = 0;
      let vc = 0;
      let vy = 0;
      for (let r = 0; r < n; r++) {
        cov += (c[r] - mc) * (y[r] - my);
        vc += (c[r] - mc) ** 2;
        vy += (y[r] - my) ** 2;
      }
      [cov, vc, vy] = [cov / (n - 1), vc / (n - 1), vy / (n - 1)];
      return vc > 1e-12 ? (cov * cov) / (vc * vy) : 0;
    });
  });
  return { scores, rows: n };
}

function discreteScores(truth: Table, pred: Table, params: SapParams, key: string): { scores: number[][]; nTrain: number; nTest: number } {
  const { train, test } = splitRows(truth.nRows, params.nTrain, params.nTest, key);
  const used = [...train, ...test];
  const nTr = train.length;
  const labels = truth.columns.map((_, j) => factorLabels(column(truth, j, used), params.factorBins).codes);
  const scores = pred.columns.map((_, i) => {
    const c = column(pred, i, used);
    const cTrain = c.subarray(0, nTr);
    return labels.map((y) => {
      const trainLabels = encodeLabels(y.subarray(0, nTr));
      const svc = fitLinearSvc1d(cTrain, trainLabels.codes, trainLabels.nClasses, SVC_C);
      let hits = 0;
      for (let r = nTr; r < used.length; r++) if (trainLabels.classes[svc.predict(c[r])] === y[r]) hits++;
      return hits / test.length;
    });
  });
  return { scores, nTrain: nTr, nTest: test.length };
}

const { plugin, fn } = metric({
  id: 'sap',
  description: 'Separated attribute predictability (disentanglement_lib): gap between the two most predictive codes per factor.',
  params: {
    continuous: bool({ description: 'Continuous factors (R²) instead of discrete (LinearSVC accuracy).' }),
    nTrain: int({ min: 1, description: 'Training rows (first rows).' }),
    nTest: int({ min: 1, description: 'Test rows (discrete factors only).' }),
    factorBins: int({ min: 1, description: 'Histogram bins for non-integer factors (discrete case).' }),
  },
  defaults: { continuous: false, nTrain: 10000, nTest: 5000, factorBins: 20 } as SapParams,
  compute(truth, pred, params, key) {
    const s = params.continuous ? continuousScores(truth, pred, params.nTrain) : discreteScores(truth, pred, params, key);
    const gaps = truth.columns.map((_, j) => {
      const col = s.scores.map((row) => row[j]).sort((a, b) => b - a);
      return col[0] - (col[1] ?? 0);
    });
    const used =
      'rows' in s
        ? {
            /** Rows the R² scores were computed on, min(N, nTrain). */
            nTrainUsed: s.rows,
          }
        : {
            /** Rows each SVM was trained on. */
            nTrainUsed: s.nTrain,
            /** Rows each SVM's accuracy was measured on. */
            nTestUsed: s.nTest,
          };
    return {
      /** SAP = (1/K)·Σ_j (S_(1)j − S_(2)j), in [0, 1]. */
      value: gaps.reduce((a, b) => a + b, 0) / gaps.length,
      /** `gap:<factor>`: each factor's gap S_(1)j − S_(2)j. */
      parts: Object.fromEntries(truth.columns.map((c, j) => [`gap:${c}`, gaps[j]])),
      /** The rows used. */
      settings: used,
    };
  },
});

/**
 * Separated attribute predictability (`metrics/sap`; Kumar et al. 2018), as disentanglement_lib
 * `evaluation/metrics/sap_score.py`: a score matrix S_ij (code i, factor j) and SAP = (1/K)·Σ_j (S_(1)j − S_(2)j),
 * the mean gap between the two highest scores of each factor (S_(2)j = 0 with a single code).
 *
 * - `continuous: false` (default, as disentanglement_lib): S_ij = test accuracy of a one-feature linear SVM
 *   (scikit-learn `LinearSVC(C=0.01, class_weight='balanced')`, squared hinge, penalised intercept, one-vs-rest)
 *   trained on code i alone to predict factor j. latentkit computes the SVM's exact minimiser (liblinear stops at
 *   tol 1e-4, which can move a test point across the boundary). Rows: the `splitRows` rule with nTrain = 10,000,
 *   nTest = 5,000. Integer-valued factors are class labels; others are discretised by a `factorBins`-bin histogram
 *   over the rows used. A test label unseen in training counts as an error.
 * - `continuous: true`: S_ij = cov(c_i, y_j)²/(var c_i·var y_j) (unbiased estimates) on the first min(N, nTrain)
 *   rows, 0 when var c_i ≤ 1e-12.
 *
 * `truth`: N×K factors; `pred`: N×D codes. Parts: `gap:<factor>`.
 * @example
 * ```ts
 * sap(factors, codes).value; // 0.33
 * ```
 */
export const sap = fn;
/** The `metrics/sap` plugin; see {@link sap}. */
export const sapPlugin = plugin;
