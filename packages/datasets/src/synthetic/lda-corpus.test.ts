import { describe, expect, it } from 'vitest';
import { ldaCorpus } from './lda-corpus.js';

describe('ldaCorpus', () => {
  it('returns a CSR count matrix whose rows sum to the document lengths', () => {
    const { data, truth } = ldaCorpus({ nDocs: 50, vocabSize: 120, nTopics: 4, seed: 1 });
    expect([data.kind, data.nRows, data.nCols]).toEqual(['counts', 50, 120]);
    expect(data.vocabulary![0]).toBe('w001');
    expect(data.rowNames![49]).toBe('doc50');
    for (let d = 0; d < 50; d++) {
      let s = 0;
      for (let q = data.indptr[d]; q < data.indptr[d + 1]; q++) {
        s += data.data[q];
        if (q > data.indptr[d]) expect(data.indices[q]).toBeGreaterThan(data.indices[q - 1]);
      }
      expect(s).toBe(truth.docLengths[d]);
      const th = truth.theta.subarray(4 * d, 4 * d + 4).reduce((a, b) => a + b, 0);
      expect(Math.abs(th - 1)).toBeLessThan(1e-12);
    }
    for (const b of truth.beta) expect(Math.abs(b.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-12);
  });

  it('has word totals and document lengths consistent with θ, β and ξ', () => {
    const nDocs = 400;
    const V = 300;
    const K = 6;
    const xi = 150;
    const { data, truth } = ldaCorpus({ nDocs, vocabSize: V, nTopics: K, docLength: xi, alpha: 0.3, eta: 0.05, seed: 2 });
    const meanLen = truth.docLengths.reduce((a, b) => a + b, 0) / nDocs;
    expect(Math.abs(meanLen - xi)).toBeLessThan(5 * Math.sqrt(xi / nDocs));
    const expected = new Float64Array(V);
    for (let d = 0; d < nDocs; d++) {
      for (let k = 0; k < K; k++) {
        const w = truth.docLengths[d] * truth.theta[d * K + k];
        for (let v = 0; v < V; v++) expected[v] += w * truth.beta[k][v];
      }
    }
    const observed = new Float64Array(V);
    data.indices.forEach((v, q) => (observed[v] += data.data[q]));
    // Given θ and the lengths, each word total is a sum of multinomial counts (variance ≤ its mean):
    // 5 standard deviations, plus 3 for words whose expected count is far below 1.
    for (let v = 0; v < V; v++) expect(Math.abs(observed[v] - expected[v])).toBeLessThan(5 * Math.sqrt(expected[v]) + 3);
  });

  it('is deterministic, and its topics do not depend on the number of documents', () => {
    const a = ldaCorpus({ nDocs: 20, seed: 7 });
    expect(ldaCorpus({ nDocs: 20, seed: 7 })).toEqual(a);
    expect(ldaCorpus({ nDocs: 5, seed: 7 }).truth.beta).toEqual(a.truth.beta);
    expect(ldaCorpus({ nDocs: 20, seed: 8 }).truth.beta).not.toEqual(a.truth.beta);
  });
});
