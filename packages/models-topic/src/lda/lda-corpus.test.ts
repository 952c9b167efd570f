import { loadDataset, parseDenseCsv, type CountDataset } from '@latentkit/core';
import { cavi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import { completionSplit, corpusOf, corpusRows } from './lda-corpus.js';

const csr = (rows: number[][]): CountDataset => {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (const row of rows) {
    row.forEach((c, j) => c !== 0 && (indices.push(j), data.push(c)));
    indptr.push(indices.length);
  }
  return {
    kind: 'counts',
    nRows: rows.length,
    nCols: rows[0].length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    data: Float64Array.from(data),
  };
};

describe('the document-completion split', () => {
  it('holds out token t of a document when t mod 5 = 4, counting tokens word by word in column order', () => {
    // Document 1: counts [3, 4] are tokens a a a b b b b; token 4 is the second b. Document 2: ten tokens of one word.
    const { observed, heldOut } = completionSplit(
      corpusOf(
        csr([
          [3, 4],
          [10, 0],
        ]),
        'test',
      ),
    );
    expect(Array.from(heldOut.indptr)).toEqual([0, 1, 2]);
    expect(Array.from(heldOut.indices)).toEqual([1, 0]);
    expect(Array.from(heldOut.counts)).toEqual([1, 2]);
    expect(Array.from(observed.counts)).toEqual([3, 3, 8]);
    expect(observed.totalCount + heldOut.totalCount).toBe(17);
  });

  it('holds out exactly ⌊n/5⌋ of a document’s n tokens however they spread over words', () => {
    const rows = [
      [1, 1, 1, 1, 1, 1, 1, 1, 1],
      [0, 2, 0, 7, 1, 0, 0, 4, 0],
      [4, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const { heldOut } = completionSplit(corpusOf(csr(rows), 'test'));
    for (let d = 0; d < rows.length; d++) {
      let held = 0;
      for (let q = heldOut.indptr[d]; q < heldOut.indptr[d + 1]; q++) held += heldOut.counts[q];
      expect(held).toBe(Math.floor(rows[d].reduce((a, b) => a + b, 0) / 5));
    }
  });

  it('selects documents in the order given', () => {
    const c = corpusRows(
      corpusOf(
        csr([
          [1, 0],
          [0, 2],
          [3, 4],
        ]),
        'test',
      ),
      [2, 0],
    );
    expect(Array.from(c.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(c.counts)).toEqual([3, 4, 1]);
    expect(c.totalCount).toBe(8);
  });
});

describe('count input', () => {
  const csv = (body: string) => parseDenseCsv(`tax,war,peace\n${body}`, { source: 'docs.csv' });

  it('reads a dense document-term matrix as CSR counts', () => {
    const c = corpusOf(csv('1,0,2\n0,0,0\n0,5,0\n'), 'topic/lda');
    expect(Array.from(c.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(c.indices)).toEqual([0, 2, 1]);
    expect(Array.from(c.counts)).toEqual([1, 2, 5]);
    expect(c.totalCount).toBe(8);
  });

  it('rejects a negative count in a CSV document-term matrix with the file, line and column', () => {
    expect(() => corpusOf(csv('1,0,2\n0,-1,0\n'), 'topic/lda')).toThrow("docs.csv:3: column 'war' (2): expected a non-negative integer count, got -1");
  });

  it('rejects a non-integer count in a CSV document-term matrix with the file, line and column', () => {
    expect(() => corpusOf(csv('1,0,2.5\n'), 'topic/lda')).toThrow("docs.csv:2: column 'peace' (3): expected a non-negative integer count, got 2.5");
  });

  it('rejects negative and non-integer entries of a Matrix Market file with the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lda-mtx-'));
    const bad = (value: string) => {
      const file = join(dir, `bad-${value}.mtx`);
      writeFileSync(file, `%%MatrixMarket matrix coordinate real general\n% two documents\n2 3 3\n1 1 2\n2 3 ${value}\n1 2 1\n`);
      return file;
    };
    await expect(loadDataset(bad('-2'))).rejects.toThrow(/bad--2\.mtx:5: expected a non-negative integer count, got -2/);
    await expect(loadDataset(bad('0.5'))).rejects.toThrow(/bad-0\.5\.mtx:5: expected a non-negative integer count, got 0\.5/);
  });

  it('fits a Matrix Market file through the registry and rejects counts built in code that are negative', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lda-mtx-'));
    const file = join(dir, 'docs.mtx');
    writeFileSync(file, '%%MatrixMarket matrix coordinate integer general\n3 4 5\n1 1 2\n1 2 1\n2 3 4\n3 4 1\n3 1 1\n');
    const registry = createRegistry().register(lda, cavi);
    const model = registry.create('topic/lda', { nComponents: 2, maxIter: 3 });
    const fitted = await model.fit(await loadDataset(file), { seed: 0 });
    expect(fitted.transform(await loadDataset(file)).nRows).toBe(3);
    const negative = csr([
      [1, 2],
      [0, 1],
    ]);
    (negative.data as Float64Array)[1] = -2;
    await expect(model.fit({ ...negative, source: 'memory' })).rejects.toThrow(
      "memory: row 1, column 'column 2' (2): expected a non-negative integer count, got -2",
    );
  });
});
