import { int } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { topK } from './top-k.js';

/** Parameters of `metrics/recall-at-k`. */
export interface RecallAtKParams {
  /** Number of top-ranked items per row (≥ 1; default 10). */
  k: number;
}

const { plugin, fn } = metric({
  id: 'recall-at-k',
  description: 'Recall@k of ranked items: hits among the top k scores over min(k, number of relevant items), averaged over rows.',
  params: { k: int({ min: 1, description: 'Number of top-ranked items.' }) },
  defaults: { k: 10 } as RecallAtKParams,
  align: 'shape',
  compute(truth, pred, params, key) {
    const d = truth.nCols;
    let sum = 0;
    let rows = 0;
    for (let i = 0; i < truth.nRows; i++) {
      let relevant = 0;
      for (let j = 0; j < d; j++) if (truth.values[i * d + j] > 0) relevant++;
      if (relevant === 0) continue;
      const hits = topK(pred.values, i, d, params.k).filter((j) => truth.values[i * d + j] > 0).length;
      sum += hits / Math.min(params.k, relevant);
      rows++;
    }
    if (rows === 0) throw new Error(`${key}: no row of ${truth.name} has a relevant item (a value > 0)`);
    return {
      /** |top-k ∩ relevant| / min(k, |relevant|), averaged over the rows scored, in [0, 1]. */
      value: sum / rows,
      /** The rows scored. */
      parts: {
        /** Number of rows with at least one relevant item, which the mean is over. */
        rows,
      },
    };
  },
});

/**
 * Recall@k (`metrics/recall-at-k`), the convention of Liang et al. (2018, VAE-CF) and the sparse VAE code:
 * for each row with at least one relevant item, |top-k(scores) ∩ relevant| / min(k, |relevant|), averaged over those
 * rows (rows without relevant items are skipped; part `rows` counts the rows scored). `truth`: N×M relevance
 * (relevant = value > 0, e.g. held-out clicks); `pred`: N×M scores; ties in the scores keep column order.
 * Exclude items seen in training by giving them the lowest score. Default k = 10.
 * @example
 * ```ts
 * recallAtK(heldOut, scores, { k: 20 }).value;
 * ```
 */
export const recallAtK = fn;
/** The `metrics/recall-at-k` plugin; see {@link recallAtK}. */
export const recallAtKPlugin = plugin;
