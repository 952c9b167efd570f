import { describe, expect, it } from 'vitest';
import type { CountDataset, DenseDataset } from './dataset.js';
import { selectRows, splitByRowIndex, splitRows } from './split.js';

describe('splitByRowIndex', () => {
  it('puts every fifth row (index % 5 == 4) in the test part', () => {
    const s = splitByRowIndex(272);
    expect(s.filter((p) => p === 'test').length).toBe(54);
    expect(s.slice(0, 10)).toEqual(['train', 'train', 'train', 'train', 'test', 'train', 'train', 'train', 'train', 'test']);
  });
});

describe('splitRows', () => {
  it('takes values, labels, factors, row names and lines along with the rows', () => {
    const ds: DenseDataset = {
      kind: 'dense',
      nRows: 3,
      nCols: 2,
      values: new Float64Array([1, 2, 3, 4, 5, 6]),
      columns: ['a', 'b'],
      labels: ['x', 'y', 'z'],
      factors: { names: ['f'], values: new Float64Array([10, 20, 30]) },
      split: ['train', 'test', 'train'],
      rowNames: ['r1', 'r2', 'r3'],
      lines: new Int32Array([2, 3, 4]),
      source: 'd.csv',
    };
    const train = splitRows(ds, 'train');
    expect(train.nRows).toBe(2);
    expect(Array.from(train.values)).toEqual([1, 2, 5, 6]);
    expect(train.labels).toEqual(['x', 'z']);
    expect(Array.from(train.factors!.values)).toEqual([10, 30]);
    expect(train.rowNames).toEqual(['r1', 'r3']);
    expect(Array.from(train.lines!)).toEqual([2, 4]);
    expect(train.split).toEqual(['train', 'train']);
    expect(splitRows(ds, 'test').values).toEqual(new Float64Array([3, 4]));
  });

  it('selects rows of a CSR count matrix', () => {
    const ds: CountDataset = {
      kind: 'counts',
      nRows: 3,
      nCols: 4,
      indptr: new Int32Array([0, 2, 2, 4]),
      indices: new Int32Array([0, 3, 1, 2]),
      data: new Float64Array([5, 1, 2, 7]),
      split: ['train', 'train', 'test'],
    };
    const sub = selectRows(ds, [2, 0]);
    expect(Array.from(sub.indptr)).toEqual([0, 2, 4]);
    expect(Array.from(sub.indices)).toEqual([1, 2, 0, 3]);
    expect(Array.from(sub.data)).toEqual([2, 7, 5, 1]);
    expect(splitRows(ds, 'test').nRows).toBe(1);
    expect(() => selectRows(ds, [3])).toThrow('row index 3 is out of range 0..2');
  });
});
