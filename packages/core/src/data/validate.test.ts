import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountDataset, DenseDataset } from './dataset.js';
import { MissingValueError } from './data-error.js';
import { parseDenseCsv } from './dense-csv.js';
import { splitRows } from './split.js';
import { FLOAT32_SAFE_MAX, requireColumns, requireCounts, requireFinite, requireFloat32Safe } from './validate.js';

const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/float32_range.json', import.meta.url), 'utf8'));

const dense = (text: string): DenseDataset => parseDenseCsv(text, { source: 'data.csv', missing: 'nan' });

describe('requireFinite', () => {
  it('names file line and column of the first NaN', () => {
    const ds = dense('eruptions,waiting\n1,2\n3,4\n5,6\n7,NA\n');
    expect(() => requireFinite(ds, 'mixture/gmm')).toThrow(
      "data.csv:5: column 'waiting' (2): missing value (NaN), but mixture/gmm does not accept missing values",
    );
  });

  it('names the row when the data has no line numbers, and reports infinities', () => {
    const ds: DenseDataset = { kind: 'dense', nRows: 2, nCols: 2, values: new Float64Array([1, 2, Infinity, 4]), columns: ['a', 'b'], source: 'synthetic' };
    expect(() => requireFinite(ds, 'factor/fa')).toThrow(
      "synthetic: row 2, column 'a' (1): expected a finite number, got Infinity (factor/fa needs finite values)",
    );
    expect(() => requireFinite({ ...ds, values: new Float64Array([1, 2, 3, 4]) }, 'factor/fa')).not.toThrow();
  });

  it('throws a MissingValueError for NaN, and with allowMissing rejects only infinities', () => {
    const ds = dense('a,b\n1,\n-inf,2\n');
    const err = (() => {
      try {
        requireFinite(ds, 'factor/fa');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MissingValueError);
    expect((err as MissingValueError).withReason('; use another model').message).toBe("data.csv:2: column 'b' (2): missing value (NaN); use another model");
    expect(() => requireFinite(ds, 'mixture/gmm', { allowMissing: true })).toThrow(
      "data.csv:3: column 'a' (1): expected a finite number, got -Infinity (mixture/gmm needs finite values)",
    );
    expect(() => requireFinite(dense('a,b\n1,\nNA,2\n'), 'mixture/gmm', { allowMissing: true })).not.toThrow();
  });
});

describe('requireFinite after splitting and reordering', () => {
  it('names the file line of a bad cell in a test row, not its row in the test part', () => {
    // Line 1 is the header; the test rows are on lines 3 and 6; the NaN is on line 6, the second test row.
    const ds = dense('a,b,split\n1,2,train\n3,4,test\n5,6,train\n7,8,train\n9,NA,test\n');
    const test = splitRows(ds, 'test');
    expect(Array.from(test.lines!)).toEqual([3, 6]);
    expect(() => requireFinite(test, 'factor/fa')).toThrow("data.csv:6: column 'b' (2): missing value (NaN), but factor/fa does not accept missing values");
    const reordered = requireColumns(test, ['b', 'a'], 'factor/fa');
    expect(() => requireFinite(reordered, 'factor/fa')).toThrow("data.csv:6: column 'b' (1): missing value (NaN)");
  });
});

describe('requireFloat32Safe', () => {
  it("is numpy's sqrt(float32 max); every value it passes squares to a finite float32, the next float32 does not", () => {
    // tooling/reference/float32_range_reference.py: both sides compute one correctly rounded float64 square root.
    expect(FLOAT32_SAFE_MAX).toBe(ref.sqrtFloat32Max);
    // A passed value is rounded to float32 on upload: it lands on the largest float32 whose square is finite.
    expect(Math.fround(FLOAT32_SAFE_MAX)).toBe(ref.largestSafeFloat32);
    expect(Math.fround(Math.fround(FLOAT32_SAFE_MAX) ** 2)).toBeLessThanOrEqual(ref.float32Max);
    expect(Math.fround(ref.smallestUnsafeFloat32 ** 2)).toBe(Infinity);
    const ds = (v: number): DenseDataset => ({ kind: 'dense', nRows: 1, nCols: 1, values: new Float64Array([v]), columns: ['a'], source: 's' });
    expect(() => requireFloat32Safe(ds(ref.largestSafeFloat32))).not.toThrow();
    expect(() => requireFloat32Safe(ds(-ref.sqrtFloat32Max))).not.toThrow();
    expect(() => requireFloat32Safe(ds(ref.smallestUnsafeFloat32))).toThrow("s: row 1, column 'a' (1): 1.8446744073709552e+19 is too large");
  });

  it('names file line and column of a value whose square overflows float32, and of an infinity', () => {
    expect(() => requireFloat32Safe(dense('a,b\n1,2\n3,-3e20\n'))).toThrow(
      "data.csv:3: column 'b' (2): -3e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column",
    );
    expect(() => requireFloat32Safe(dense('a,b\n1,2\nInf,4\n'))).toThrow(
      "data.csv:3: column 'a' (1): expected a finite number, got Infinity (leave the cell empty or write NA if the value is missing)",
    );
  });

  it('passes NaN and values up to the bound', () => {
    expect(() => requireFloat32Safe(dense('a,b\n1,NA\n1.8e19,-1.8e19\n'))).not.toThrow();
  });
});

describe('requireCounts', () => {
  it('rejects negative and fractional values in dense and CSR data', () => {
    expect(() => requireCounts(dense('a,b\n1,2\n3,1.5\n'))).toThrow("data.csv:3: column 'b' (2): expected a non-negative integer count, got 1.5");
    const csr: CountDataset = {
      kind: 'counts',
      nRows: 2,
      nCols: 3,
      indptr: new Int32Array([0, 1, 2]),
      indices: new Int32Array([0, 2]),
      data: new Float64Array([3, -1]),
      vocabulary: ['apple', 'banana', 'cherry'],
      source: 'counts.mtx',
    };
    expect(() => requireCounts(csr)).toThrow("counts.mtx: row 2, column 'cherry' (3): expected a non-negative integer count, got -1");
    expect(() => requireCounts({ ...csr, data: new Float64Array([3, 0]) })).not.toThrow();
  });
});

describe('requireColumns', () => {
  const ds = dense('a,b,c\n1,2,3\n');

  it('reports the expected and the actual columns when the count differs', () => {
    expect(() => requireColumns(ds, ['a', 'b', 'c', 'd'], 'mixture/gmm')).toThrow(
      'data.csv: mixture/gmm expects 4 columns (a, b, c, d) but data.csv has 3 (a, b, c)',
    );
  });

  it('reports missing names when the count matches', () => {
    expect(() => requireColumns(ds, ['a', 'b', 'e'], 'factor/fa')).toThrow(
      'data.csv: factor/fa expects 3 columns (a, b, e) but data.csv lacks e (it has a, b, c)',
    );
  });

  it('selects and reorders columns by name, and accepts headerless data of the right width', () => {
    const r = requireColumns(ds, ['c', 'a'], 'm');
    expect(r.columns).toEqual(['c', 'a']);
    expect(Array.from(r.values)).toEqual([3, 1]);
    expect(requireColumns(ds, ['a', 'b', 'c'], 'm')).toBe(ds);
    const plain = parseDenseCsv('1,2,3\n', { header: false });
    expect(requireColumns(plain, ['a', 'b', 'c'], 'm')).toBe(plain);
    expect(() => requireColumns(plain, ['a', 'b'], 'm')).toThrow('<text>: m expects 2 columns (a, b) but <text> has 3 (x1, x2, x3)');
  });
});
