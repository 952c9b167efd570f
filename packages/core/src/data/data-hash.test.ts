import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CountDataset, DenseDataset } from './dataset.js';
import { dataHash } from './data-hash.js';

const dense = (values: number[], nCols: number, extra: Partial<DenseDataset> = {}): DenseDataset => ({
  kind: 'dense',
  nRows: values.length / nCols,
  nCols,
  values: Float64Array.from(values),
  columns: Array.from({ length: nCols }, (_, j) => `x${j}`),
  ...extra,
});

describe('dataHash', () => {
  it('is the sha256 of kind, shape, columns and values, and ignores labels, source and splits', () => {
    const a = dense([1, 2, 3, 4], 2);
    expect(dataHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dataHash(dense([1, 2, 3, 4], 2, { labels: [0, 1], source: 'a.csv', split: ['train', 'test'] }))).toBe(dataHash(a));
  });

  it('changes when any cell, the shape or a column name changes', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 2, maxLength: 12 }), fc.nat(), (cells, at) => {
        const values = cells.length % 2 ? cells.slice(1) : cells;
        const base = dense(values, 2);
        const i = at % values.length;
        const changed = values.slice();
        changed[i] = Object.is(changed[i], 1) ? 2 : 1;
        expect(dataHash(dense(changed, 2))).not.toBe(dataHash(base));
        expect(dataHash(dense(values, 1))).not.toBe(dataHash(base));
        expect(dataHash({ ...base, columns: ['x0', 'renamed'] })).not.toBe(dataHash(base));
      }),
    );
  });

  it('hashes count matrices by their CSR arrays', () => {
    const counts = (data: number[]): CountDataset => ({
      kind: 'counts',
      nRows: 2,
      nCols: 3,
      indptr: Int32Array.of(0, 1, 2),
      indices: Int32Array.of(0, 2),
      data: Float64Array.from(data),
      vocabulary: ['a', 'b', 'c'],
    });
    expect(dataHash(counts([1, 2]))).toBe(dataHash(counts([1, 2])));
    expect(dataHash(counts([1, 3]))).not.toBe(dataHash(counts([1, 2])));
  });
});
