import { int, oneOf } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { topK } from './top-k.js';

/** Gain of a relevant item: 1 (`binary`, relevance > 0) or the relevance value itself (`linear`). */
export type NdcgGain = 'binary' | 'linear';

/** Parameters of `metrics/ndcg-at-k`. */
export interface NdcgAtKParams {
  /** Number of top-ranked items scored per row (≥ 1; default 10). */
  k: number;
  /** Gain of a relevant item: `binary` (1 for relevance > 0, default) or `linear` (the relevance value). */
  gain: NdcgGain;
}

const { plugin, fn } = metric({
  id: 'ndcg-at-k',
  description: 'Normalised discounted cumulative gain of the top k scores, averaged over rows with a relevant item.',
  params: {
    k: int({ min: 1, description: 'Number of top-ranked items.' }),
    gain: oneOf(['binary', 'linear'], { description: 'binary: gain 1 for relevance > 0; linear: gain = relevance.' }),
  },
  defaults: { k: 10, gain: 'binary' } as NdcgAtKParams,
  align: 'shape',
  compute(truth, pred, params, key) {
    const d = truth.nCols;
    const discount = Array.from({ length: params.k }, (_, r) => 1 / Math.log2(r + 2));
    let sum = 0;
    let rows = 0;
    for (let i = 0; i < truth.nRows; i++) {
      const gains = Array.from(truth.values.subarray(i * d, (i + 1) * d), (v) => (params.gain === 'binary' ? (v > 0 ? 1 : 0) : v));
      const ideal = [...gains].sort((a, b) => b - a).slice(0, params.k);
      const idcg = ideal.reduce((s, g, r) => s + g * discount[r], 0);
      if (idcg === 0) continue;
      const dcg = topK(pred.values, i, d, params.k).reduce((s, j, r) => s + gains[j] * discount[r], 0);
      sum += dcg / idcg;
      rows++;
    }
    if (rows === 0) throw new Error(`${key}: no row of ${truth.name} has a relevant item (a gain > 0)`);
    return {
      /** NDCG@k = DCG@k / ideal DCG@k, averaged over the rows scored, in [0, 1]. */
      value: sum / rows,
      /** The rows scored. */
      parts: {
        /** Number of rows with a non-zero ideal DCG (a relevant item), which the mean is over. */
        rows,
      },
    };
  },
});

/**
 * NDCG@k (`metrics/ndcg-at-k`; Järvelin & Kekäläinen 2002): per row, DCG@k = Σ_{r=1..k} g(π_r)/log₂(r + 1) over the
 * items π ranked by decreasing score (ties keep column order), divided by the ideal DCG@k of the same gains sorted
 * decreasingly; averaged over rows with a non-zero ideal DCG (part `rows`). Gain `binary` (default, VAE-CF):
 * 1 for relevance > 0; `linear`: the relevance value (scikit-learn's `ndcg_score` gain, without its tie averaging).
 * `truth`: N×M relevance; `pred`: N×M scores. Default k = 10.
 * @example
 * ```ts
 * ndcgAtK(heldOut, scores, { k: 100 }).value;
 * ```
 */
export const ndcgAtK = fn;
/** The `metrics/ndcg-at-k` plugin; see {@link ndcgAtK}. */
export const ndcgAtKPlugin = plugin;
