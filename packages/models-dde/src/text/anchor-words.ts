import type { DdeState } from '../dde-state.js';

/**
 * The "anchor" score of every word for every latent of layer 1, K_1 × J row-major (latent-major, like a topic-word
 * matrix): s_kj = min_{l ≠ k} (β_jk − β_jl), how far word j's slope on latent k exceeds its slope on every other
 * latent of layer 1 (s_kj = β_j1 when K_1 = 1). The reference 20 Newsgroups script ranks the words of latent k by
 * max(0, s_kj) and takes the top 15; ranking by s_kj itself gives the same order among the positive scores and
 * continues it past them, so every latent has a full ranking (ties keep column order).
 * @example
 * ```ts
 * topicCoherence(testCounts, { ...anchorWordScores(state) }, { topn: 15, aggregate: 'sum' });
 * ```
 */
export function anchorWordScores(state: Pick<DdeState, 'layers'>): Float64Array {
  const rows = state.layers[0].coefficients;
  const width = rows[0].length - 1;
  const nCols = rows.length;
  const out = new Float64Array(width * nCols);
  for (let j = 0; j < nCols; j++) {
    const beta = rows[j];
    for (let k = 0; k < width; k++) {
      let s = width === 1 ? beta[1] : Infinity;
      for (let l = 0; l < width; l++) if (l !== k) s = Math.min(s, beta[1 + k] - beta[1 + l]);
      out[k * nCols + j] = s;
    }
  }
  return out;
}
