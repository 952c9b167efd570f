import { int, oneOf } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { topK } from '../ranking/top-k.js';

/** Coherence measure: UMass (Mimno et al. 2011) or NPMI (Bouma 2009; Aletras & Stevenson 2013). */
export type CoherenceMeasure = 'umass' | 'npmi';

/** Parameters of `metrics/coherence`. */
export interface CoherenceParams {
  /** Pair score: `umass` (default; Mimno et al. 2011) or `npmi` (normalised pointwise mutual information, in [−1, 1]). */
  measure: CoherenceMeasure;
  /** Number of top words per topic. */
  topn: number;
  /** How the pair scores of a topic are combined: their mean (gensim) or sum (Mimno et al.'s UMass). */
  aggregate: 'mean' | 'sum';
}

const { plugin, fn } = metric({
  id: 'coherence',
  description: 'Topic coherence (UMass or NPMI) of the top words of each topic, from document co-occurrence in a reference corpus.',
  params: {
    measure: oneOf(['umass', 'npmi'], { description: 'umass or npmi.' }),
    topn: int({ min: 2, description: 'Top words per topic.' }),
    aggregate: oneOf(['mean', 'sum'], { description: 'Combine the pair scores of a topic by their mean or sum.' }),
  },
  defaults: { measure: 'umass', topn: 10, aggregate: 'mean' } as CoherenceParams,
  align: 'columns',
  compute(truth, pred, params) {
    const [nDocs, nWords] = [truth.nRows, truth.nCols];
    const docsOf: number[][] = Array.from({ length: nWords }, () => []);
    for (let d = 0; d < nDocs; d++) for (let w = 0; w < nWords; w++) if (truth.values[d * nWords + w] > 0) docsOf[w].push(d);
    const coDocs = (a: number, b: number): number => {
      const inA = new Set(docsOf[a]);
      return docsOf[b].reduce((k, d) => (inA.has(d) ? k + 1 : k), 0);
    };
    let skipped = 0;
    const perTopic: number[] = [];
    for (let t = 0; t < pred.nRows; t++) {
      const top = topK(pred.values, t, nWords, params.topn);
      const scores: number[] = [];
      for (let m = 1; m < top.length; m++) {
        for (let l = 0; l < m; l++) {
          const [wm, wl] = [top[m], top[l]];
          const co = coDocs(wm, wl);
          if (params.measure === 'umass') {
            if (docsOf[wl].length === 0) skipped++;
            else scores.push(Math.log((co + 1) / docsOf[wl].length));
          } else if (co === 0) scores.push(-1);
          else if (co === nDocs) scores.push(1);
          else {
            const pij = co / nDocs;
            scores.push(Math.log(pij / ((docsOf[wm].length / nDocs) * (docsOf[wl].length / nDocs))) / -Math.log(pij));
          }
        }
      }
      const total = scores.reduce((a, b) => a + b, 0);
      perTopic.push(params.aggregate === 'sum' ? total : scores.length ? total / scores.length : 0);
    }
    return {
      /** The coherence averaged over topics (higher is more coherent; NPMI in [−1, 1] with `mean`). */
      value: perTopic.reduce((a, b) => a + b, 0) / perTopic.length,
      /** `topic:<k>` (1-based): each topic's coherence, and `skippedPairs`. */
      parts: {
        ...Object.fromEntries(perTopic.map((v, t) => [`topic:${t + 1}`, v])),
        /** Number of UMass pairs skipped because their higher-ranked word never occurs (0 for NPMI). */
        skippedPairs: skipped,
      },
    };
  },
});

/**
 * Topic coherence (`metrics/coherence`) of the `topn` highest-weighted words w₁ … w_n of each topic (ties keep
 * word order), from document co-occurrence in a reference corpus (D(w) = documents containing w, D(w, w′) = both):
 * - `umass` (default; Mimno et al. 2011): pair score log((D(w_m, w_l) + 1)/D(w_l)) for l < m, ε = 1; pairs whose
 *   higher-ranked word never occurs are skipped (part `skippedPairs`).
 * - `npmi`: with P(w) = D(w)/N_docs, NPMI(w_m, w_l) = log(P(w_m, w_l)/(P(w_m)P(w_l)))/(−log P(w_m, w_l)), −1 when
 *   the pair never co-occurs and 1 when it occurs in every document (no ε smoothing; whole documents are the window).
 * A topic's coherence is the mean (default, as gensim) or the sum (`aggregate: 'sum'`, Mimno's UMass) of its
 * n(n − 1)/2 pair scores; the value is the mean over topics; parts `topic:<t>`.
 *
 * `truth`: documents × words counts (a .mtx or CSV on the command line); `pred`: topics × words weights (e.g. an
 * LDA's topic-word matrix) with the same words in the same order. Default topn = 10.
 * @example
 * ```ts
 * topicCoherence(docTermCounts, topicWord, { measure: 'npmi', topn: 10 }).value;
 * ```
 */
export const topicCoherence = fn;
/** The `metrics/coherence` plugin; see {@link topicCoherence}. */
export const coherencePlugin = plugin;
