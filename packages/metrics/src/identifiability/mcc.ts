import { oneOf } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import type { CorrelationMethod } from '../stats/correlation.js';
import { matchedCorrelation } from './matched-correlation.js';

/** Parameters of `metrics/mcc`. */
export interface MccParams {
  /** Pearson's r, or Spearman's ρ (Pearson's r of average ranks, invariant to monotone transformations). */
  method: CorrelationMethod;
}

const { plugin, fn } = metric({
  id: 'mcc',
  description: 'Mean correlation coefficient between true and estimated latents after optimal one-to-one matching.',
  params: { method: oneOf(['pearson', 'spearman'], { description: 'Correlation: pearson or spearman (rank).' }) },
  defaults: { method: 'pearson' } as MccParams,
  compute(truth, pred, params) {
    const m = matchedCorrelation(truth, pred, params.method);
    return {
      /** MCC = (1/m)·Σ_j C_jπ(j) over the m matched pairs, in [0, 1]. */
      value: m.value,
      /** `corr:<true column>`: the matched |corr| of each matched true column. */
      parts: Object.fromEntries(m.pairs.map((p) => [`corr:${truth.columns[p.truth]}`, p.corr])),
      /** The matching the value is over. */
      settings: {
        /** True column → the estimated column matched to it. */
        matching: Object.fromEntries(m.pairs.map((p) => [truth.columns[p.truth], pred.columns[p.pred]])),
      },
    };
  },
});

/**
 * Mean correlation coefficient (`metrics/mcc`), the nonlinear-ICA identifiability score (Hyvärinen & Morioka 2016;
 * Khemakhem et al. 2020): with C_jk = |corr(truth_j, pred_k)| (Pearson, or Spearman with `method: 'spearman'`) over
 * all rows, the one-to-one matching π maximising Σ_j C_jπ(j) (Hungarian algorithm, as scipy's
 * `linear_sum_assignment`), MCC = (1/m)·Σ_j C_jπ(j) over the m = min(d, d′) matched pairs. Invariant to permutations
 * and sign flips of the estimated columns; 1 when each true column is an affine (Spearman: monotone) function of
 * a distinct estimated one. A constant column correlates 0 with everything.
 *
 * `truth`: N×d true latents; `pred`: N×d′ estimated latents. Parts: `corr:<true column>`, the matched |corr|;
 * settings: `matching`, true column → estimated column.
 *
 * Per block (a contrastive model's shared and salient latents), pass the block's columns only: from the command line
 * `latentkit metric mcc --true truth.csv --true-columns t1,t2 --pred z.csv --pred-columns salient1,salient2` (and
 * `z1,z2` against `shared1,shared2`); from code, the matching column subsets of both matrices. For the salient block
 * keep the target rows only (background rows have t = 0, a constant that correlates with nothing).
 * @example
 * ```ts
 * mcc(trueZ, fitted.transform(data), { method: 'spearman' }).value; // 0.93
 * ```
 */
export const mcc = fn;
/** The `metrics/mcc` plugin; see {@link mcc}. */
export const mccPlugin = plugin;
