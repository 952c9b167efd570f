import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { cooToCsr, loadMatrixMarket } from './matrix-market.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-mtx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function messageOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** Dense row-major copy of a CSR matrix, to compare with hand-written expectations. */
const toDense = (ds: { nRows: number; nCols: number; indptr: Int32Array; indices: Int32Array; data: Float64Array }): number[][] =>
  Array.from({ length: ds.nRows }, (_, i) => {
    const row = new Array<number>(ds.nCols).fill(0);
    for (let q = ds.indptr[i]; q < ds.indptr[i + 1]; q++) row[ds.indices[q]] = ds.data[q];
    return row;
  });

const HEADER = '%%MatrixMarket matrix coordinate integer general\n% a comment\n';

describe('loadMatrixMarket', () => {
  it('reads coordinate entries into CSR with sorted columns, summing duplicates', async () => {
    const p = write('counts.mtx', `${HEADER}3 4 6\n1 3 2\n1 1 1\n3 4 5\n1 3 1\n2 2 7\n3 1 1\n`);
    const ds = await loadMatrixMarket(p);
    expect(ds.kind).toBe('counts');
    expect([ds.nRows, ds.nCols]).toEqual([3, 4]);
    expect(Array.from(ds.indptr)).toEqual([0, 2, 3, 5]);
    expect(Array.from(ds.indices)).toEqual([0, 2, 1, 0, 3]);
    expect(toDense(ds)).toEqual([
      [1, 0, 3, 0],
      [0, 7, 0, 0],
      [1, 0, 0, 5],
    ]);
    expect(ds.source).toBe(p);
  });

  it('attaches vocabulary and row names and checks their lengths', async () => {
    const p = write('v.mtx', `${HEADER}2 3 2\n1 1 4\n2 3 1\n`);
    const vocab = write('vocab.txt', 'apple\r\nbanana\r\ncherry\r\n');
    const names = write('docs.txt', 'doc-a\ndoc-b');
    const ds = await loadMatrixMarket(p, { vocabulary: vocab, rowNames: names });
    expect(ds.vocabulary).toEqual(['apple', 'banana', 'cherry']);
    expect(ds.rowNames).toEqual(['doc-a', 'doc-b']);
    const short = write('short.txt', 'apple\nbanana\n');
    expect(await messageOf(() => loadMatrixMarket(p, { vocabulary: short }))).toBe(
      `${short}: expected 3 terms (one per line) to match the 3 columns of ${p}, got 2`,
    );
    expect(await messageOf(() => loadMatrixMarket(p, { rowNames: vocab }))).toBe(
      `${vocab}: expected 2 names (one per line) to match the 2 rows of ${p}, got 3`,
    );
  });

  it('reads pattern and real files, and transposes terms × documents files', async () => {
    const pat = await loadMatrixMarket(write('p.mtx', '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n'));
    expect(toDense(pat)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const t = await loadMatrixMarket(write('t.mtx', '%%MatrixMarket matrix coordinate real general\n3 2 2\n3 1 2.0\n1 2 4\n'), { transpose: true });
    expect(toDense(t)).toEqual([
      [0, 0, 2],
      [4, 0, 0],
    ]);
    const real = await loadMatrixMarket(write('r.mtx', '%%MatrixMarket matrix coordinate real general\n1 2 1\n1 2 0.5\n'), { counts: false });
    expect(Array.from(real.data)).toEqual([0.5]);
  });

  it('names the line of a negative or fractional count', async () => {
    const lines = [HEADER.trimEnd(), '4 4 10'];
    for (let k = 0; k < 9; k++) lines.push(`${(k % 4) + 1} ${((k * 3) % 4) + 1} ${k + 1}`);
    lines.push('2 2 -1');
    const p = write('counts-neg.mtx', `${lines.join('\n')}\n`);
    expect(await messageOf(() => loadMatrixMarket(p))).toBe(`${p}:13: expected a non-negative integer count, got -1`);
    const f = write('frac.mtx', '%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1.5\n');
    expect(await messageOf(() => loadMatrixMarket(f))).toBe(`${f}:3: expected a non-negative integer count, got 1.5`);
  });

  it('checks indices against the size line and the number of entries', async () => {
    const big = write('big.mtx', `${HEADER}2 3 2\n1 1 1\n3 1 1\n`);
    expect(await messageOf(() => loadMatrixMarket(big))).toBe(`${big}:5: row index 3 is outside 1..2 (the size line says 2 rows)`);
    const zero = write('zero.mtx', `${HEADER}2 3 1\n1 0 1\n`);
    expect(await messageOf(() => loadMatrixMarket(zero))).toBe(`${zero}:4: column index 0 is outside 1..3 (the size line says 3 columns)`);
    const few = write('few.mtx', `${HEADER}2 3 3\n1 1 1\n`);
    expect(await messageOf(() => loadMatrixMarket(few))).toBe(`${few}:3: the size line declares 3 entries but the file has 1`);
    const many = write('many.mtx', `${HEADER}2 3 1\n1 1 1\n2 2 2\n`);
    expect(await messageOf(() => loadMatrixMarket(many))).toBe(`${many}:5: more entries than the 1 the size line (line 3) declares`);
  });

  it('rejects other banners and formats with one-line messages', async () => {
    const arr = write('arr.mtx', '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n');
    expect(await messageOf(() => loadMatrixMarket(arr))).toBe(`${arr}:1: expected format 'coordinate' (sparse), got 'array'`);
    const sym = write('sym.mtx', '%%MatrixMarket matrix coordinate real symmetric\n1 1 1\n1 1 1\n');
    expect(await messageOf(() => loadMatrixMarket(sym))).toBe(`${sym}:1: expected symmetry 'general', got 'symmetric'`);
    const none = write('none.mtx', '1 1 1\n1 1 1\n');
    expect(await messageOf(() => loadMatrixMarket(none))).toBe(`${none}:1: expected a '%%MatrixMarket matrix coordinate integer general' banner, got "1 1 1"`);
    const empty = write('empty.mtx', '');
    expect(await messageOf(() => loadMatrixMarket(empty))).toBe(`${empty}: empty file (expected a %%MatrixMarket banner line)`);
  });
});

describe('cooToCsr', () => {
  it('matches a dense accumulation on random triplets and drops entries that sum to zero', () => {
    const nRows = 7;
    const nCols = 5;
    const n = 60;
    const rows = new Int32Array(n);
    const cols = new Int32Array(n);
    const vals = new Float64Array(n);
    const dense = Array.from({ length: nRows }, () => new Array<number>(nCols).fill(0));
    let s = 12345;
    const next = (m: number): number => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s % m;
    };
    for (let e = 0; e < n; e++) {
      rows[e] = next(nRows);
      cols[e] = next(nCols);
      vals[e] = next(5) - 2;
      dense[rows[e]][cols[e]] += vals[e];
    }
    const csr = cooToCsr(nRows, nCols, rows, cols, vals);
    expect(toDense(csr)).toEqual(dense);
    for (let i = 0; i < nRows; i++) {
      for (let q = csr.indptr[i] + 1; q < csr.indptr[i + 1]; q++) expect(csr.indices[q]).toBeGreaterThan(csr.indices[q - 1]);
    }
    expect(Array.from(csr.data).every((v) => v !== 0)).toBe(true);
  });
});
