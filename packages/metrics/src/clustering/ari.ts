import { metric } from '../define-metric.js';
import { contingency } from '../stats/contingency.js';
import { rowLabels } from '../stats/labels.js';

/** `metrics/ari` has no parameters. */
export type AriParams = Record<string, never>;

const { plugin, fn } = metric({
  id: 'ari',
  description: 'Adjusted Rand index between two labellings (scikit-learn adjusted_rand_score).',
  params: {},
  defaults: {} as AriParams,
  compute(truth, pred) {
    const a = rowLabels(truth);
    const b = rowLabels(pred);
    const c = contingency(a, b);
    const n = c.n;
    let sumSquares = 0;
    let rowDot = 0;
    let colDot = 0;
    for (let q = 0; q < c.count.length; q++) {
      sumSquares += c.count[q] ** 2;
      rowDot += c.count[q] * c.colSums[c.cellB[q]];
      colDot += c.count[q] * c.rowSums[c.cellA[q]];
    }
    const tp = sumSquares - n;
    const fp = rowDot - sumSquares;
    const fn_ = colDot - sumSquares;
    const tn = n * n - fp - fn_ - sumSquares;
    const value = fn_ === 0 && fp === 0 ? 1 : (2 * (tp * tn - fn_ * fp)) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn));
    return {
      /** ARI, at most 1 (agreement up to renaming), ~0 for independent labellings, possibly negative. */
      value,
      /** The class counts. */
      settings: {
        /** Number of distinct labels of `truth`. */
        truthClasses: a.nClasses,
        /** Number of distinct labels of `pred`. */
        predClasses: b.nClasses,
      },
    };
  },
});

/**
 * Adjusted Rand index (`metrics/ari`; Hubert & Arabie 1985), as scikit-learn 1.2's `adjusted_rand_score` through
 * its pair-confusion matrix: ARI = 2(tp·tn − fn·fp)/((tp + fn)(fn + tn) + (tp + fp)(fp + tn)), 1 when the two
 * labellings agree up to renaming (including both trivial), ~0 for independent labellings, possibly negative.
 *
 * `truth` and `pred` each give one label per row: a single column holds the labels (any numbers); several columns
 * (responsibilities, scores, one-hot) give the row-wise argmax, the first on ties.
 * @example
 * ```ts
 * adjustedRandIndex([[0], [0], [1], [1]], [[1], [1], [0], [0]]).value; // 1
 * ```
 */
export const adjustedRandIndex = fn;
/** The `metrics/ari` plugin; see {@link adjustedRandIndex}. */
export const ariPlugin = plugin;
