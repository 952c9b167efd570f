import { int } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { column } from '../input/metric-input.js';
import { firstRows } from '../input/split-rows.js';
import { labelEntropy, mutualInfoScore } from '../stats/contingency.js';
import { histogramDiscretize } from '../stats/histogram.js';
import { encodeLabels, factorLabels } from '../stats/labels.js';

/** Parameters of `metrics/mig`. */
export interface MigParams {
  /** Histogram bins per code. */
  bins: number;
  /** Rows used: the first min(N, nTrain). */
  nTrain: number;
  /** Histogram bins for factors that are not integer-valued. */
  factorBins: number;
}

const { plugin, fn } = metric({
  id: 'mig',
  description: 'Mutual information gap (disentanglement_lib): histogram-discretised codes, discrete mutual information.',
  params: {
    bins: int({ min: 1, description: 'Histogram bins per code.' }),
    nTrain: int({ min: 1, description: 'Rows used (the first nTrain).' }),
    factorBins: int({ min: 1, description: 'Histogram bins for non-integer factors.' }),
  },
  defaults: { bins: 20, nTrain: 10000, factorBins: 20 } as MigParams,
  compute(truth, pred, params, key) {
    const rows = firstRows(truth.nRows, params.nTrain);
    const factors = truth.columns.map((_, j) => factorLabels(column(truth, j, rows), params.factorBins));
    const codes = pred.columns.map((_, i) => encodeLabels(histogramDiscretize(column(pred, i, rows), params.bins)));
    const gaps = factors.map((y, j) => {
      const h = labelEntropy(y);
      if (h === 0)
        throw new Error(
          `${key}: factor '${truth.columns[j]}' of ${truth.name} is constant over the ${rows.length} rows used, so its entropy is 0 and MIG is undefined`,
        );
      const m = codes.map((c) => mutualInfoScore(y, c)).sort((a, b) => b - a);
      return (m[0] - (m[1] ?? 0)) / h;
    });
    return {
      /** MIG = (1/K)·Σ_j (m_(1)j − m_(2)j)/H_j, in [0, 1]. */
      value: gaps.reduce((a, b) => a + b, 0) / gaps.length,
      /** `gap:<factor>`: each factor's normalised gap (m_(1)j − m_(2)j)/H_j. */
      parts: Object.fromEntries(truth.columns.map((c, j) => [`gap:${c}`, gaps[j]])),
      /** The rows used. */
      settings: {
        /** Rows used, min(N, nTrain). */
        nTrainUsed: rows.length,
      },
    };
  },
});

/**
 * Mutual information gap (`metrics/mig`; Chen et al. 2018), exactly as google-research/disentanglement_lib
 * `evaluation/metrics/mig.py` with scikit-learn 1.2's `mutual_info_score` (natural log):
 * on the first min(N, nTrain) rows (default 10,000), each code c_i is discretised by a `bins`-bin histogram
 * (default 20; edges from `np.histogram`, labels by `np.digitize` against all edges but the last); each factor y_j is
 * used as class labels when integer-valued, otherwise discretised the same way with `factorBins` bins;
 * m_ij = I(y_j; ĉ_i), H_j = I(y_j; y_j), and MIG = (1/K)·Σ_j (m_(1)j − m_(2)j)/H_j with m_(1)j ≥ m_(2)j the two
 * largest m_·j (m_(2)j = 0 with a single code). A constant factor (H_j = 0) is an error.
 *
 * MIG is 1 when each factor is captured by exactly one code and independent of the others, near 0 for codes
 * independent of the factors. Discrete MI estimates are biased upwards in finite samples and grow with `bins`,
 * so compare values only at equal `bins` and row counts.
 *
 * `truth`: N×K factors; `pred`: N×D codes (e.g. posterior means). Parts: `gap:<factor>`, the normalised gap.
 * @example
 * ```ts
 * mig(factors, codes, { bins: 20 }).value; // 0.64
 * ```
 */
export const mig = fn;
/** The `metrics/mig` plugin; see {@link mig}. */
export const migPlugin = plugin;
