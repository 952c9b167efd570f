import { int, oneOf } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { selectColumns, type Table } from '../input/metric-input.js';
import type { CorrelationMethod } from '../stats/correlation.js';
import { matchedCorrelation } from './matched-correlation.js';

/** Parameters of `metrics/cross-mcc`. */
export interface CrossMccParams {
  /** `pearson` (default) or `spearman` (Pearson's r of average ranks), as for {@link mcc}. */
  method: CorrelationMethod;
  /** Number of leading columns of `truth` in its first block (e.g. the shared latents z); `null`: half, rounded down. */
  truthSplit: number | null;
  /** Number of leading columns of `pred` in its first block (e.g. ẑ); `null`: half, rounded down. */
  predSplit: number | null;
}

function splitAt(key: string, t: Table, given: number | null, param: string): number {
  const s = given ?? Math.floor(t.nCols / 2);
  if (s < 1 || s >= t.nCols) throw new Error(`${key}: ${param}=${s} must leave at least one column of ${t.name} (${t.nCols} columns) in each block`);
  return s;
}

const { plugin, fn } = metric({
  id: 'cross-mcc',
  description: 'MCC between blocks that should not match (leakage): true first block vs estimated second block and vice versa.',
  params: {
    method: oneOf(['pearson', 'spearman'], { description: 'Correlation: pearson or spearman (rank).' }),
    truthSplit: int({ min: 1, description: 'Columns of truth in its first block (default: half).' }),
    predSplit: int({ min: 1, description: 'Columns of pred in its first block (default: half).' }),
  },
  defaults: { method: 'pearson', truthSplit: null, predSplit: null } as CrossMccParams,
  compute(truth, pred, params, key) {
    const ts = splitAt(key, truth, params.truthSplit, 'truthSplit');
    const ps = splitAt(key, pred, params.predSplit, 'predSplit');
    const a = matchedCorrelation(selectColumns(truth, 0, ts), selectColumns(pred, ps, pred.nCols), params.method).value;
    const b = matchedCorrelation(selectColumns(truth, ts, truth.nCols), selectColumns(pred, 0, ps), params.method).value;
    return {
      /** ½·(MCC(A, B̂) + MCC(B, Â)), in [0, 1]; ideal near 0. */
      value: (a + b) / 2,
      /** The two directions. */
      parts: {
        /** MCC(A, B̂): true first block against the estimated second block. */
        trueFirstVsPredSecond: a,
        /** MCC(B, Â): true second block against the estimated first block. */
        trueSecondVsPredFirst: b,
      },
      /** Where the blocks were split. */
      settings: {
        /** Columns of `truth` in its first block A. */
        truthSplitUsed: ts,
        /** Columns of `pred` in its first block Â. */
        predSplitUsed: ps,
      },
    };
  },
});

/**
 * Cross-MCC (`metrics/cross-mcc`), the leakage check of contrastive and multi-block models: `truth` = [A | B] (e.g.
 * shared z | salient t) and `pred` = [Â | B̂] are split after `truthSplit` and `predSplit` columns, and
 * cross-MCC = ½·(MCC(A, B̂) + MCC(B, Â)), each MCC as in {@link mcc} (optimal matching, mean over min(d, d′) pairs).
 * High values mean the estimated blocks mix information that should be separated; ideal is near 0.
 * Parts: `trueFirstVsPredSecond` = MCC(A, B̂), `trueSecondVsPredFirst` = MCC(B, Â).
 * The name and the averaging of the two directions are latentkit's; papers report either direction.
 * @example
 * ```ts
 * crossMcc(zt, zHatTHat, { truthSplit: 2, predSplit: 2 }).value; // 0.15
 * ```
 */
export const crossMcc = fn;
/** The `metrics/cross-mcc` plugin; see {@link crossMcc}. */
export const crossMccPlugin = plugin;
