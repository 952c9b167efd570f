import type { CountDataset, DenseDataset } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { selectDatasetColumns } from './dataset-columns.js';
import { UsageError } from './errors.js';

const dense: DenseDataset = {
  kind: 'dense',
  nRows: 3,
  nCols: 3,
  values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
  columns: ['a', 'b', 'c'],
  labels: [0, 1, 0],
  labelName: 'y',
  split: ['train', 'train', 'test'],
  source: 'datasets/toy',
};

describe('selectDatasetColumns', () => {
  it('returns the dataset itself without --columns or --label', () => {
    expect(selectDatasetColumns(dense, {})).toBe(dense);
  });

  it('keeps the --columns in their order, with labels and split', () => {
    const ds = selectDatasetColumns(dense, { columns: ['c', 'a'] }) as DenseDataset;
    expect(ds.columns).toEqual(['c', 'a']);
    expect(Array.from(ds.values)).toEqual([3, 1, 6, 4, 9, 7]);
    expect([ds.nRows, ds.nCols]).toEqual([3, 2]);
    expect(ds.labels).toEqual([0, 1, 0]);
    expect(ds.split).toEqual(dense.split);
  });

  it("accepts the dataset's own label for --label", () => {
    expect(selectDatasetColumns(dense, { label: 'y' })).toBe(dense);
  });

  it('moves a feature named by --label out of the features into the labels', () => {
    const ds = selectDatasetColumns(dense, { label: 'b', columns: ['c', 'a'] }) as DenseDataset;
    expect(ds.labelName).toBe('b');
    expect(ds.labels).toEqual([2, 5, 8]);
    expect(ds.columns).toEqual(['c', 'a']);
    expect(Array.from(ds.values)).toEqual([3, 1, 6, 4, 9, 7]);
  });

  it('names an unknown column and the available ones', () => {
    expect(() => selectDatasetColumns(dense, { columns: ['a', 'zz'] })).toThrow(
      new UsageError("unknown feature column 'zz' in datasets/toy; available columns: a, b, c"),
    );
    expect(() => selectDatasetColumns(dense, { label: 'b', columns: ['b'] })).toThrow("unknown feature column 'b' in datasets/toy; available columns: a, c");
    expect(() => selectDatasetColumns(dense, { label: 'zz' })).toThrow(
      "--label zz: datasets/toy has no column 'zz' (its label column is 'y'); available columns: a, b, c",
    );
  });

  it('rejects --columns and --label on a count matrix', () => {
    const counts: CountDataset = {
      kind: 'counts',
      nRows: 1,
      nCols: 2,
      indptr: Int32Array.from([0, 1]),
      indices: Int32Array.from([1]),
      data: Float64Array.from([3]),
      source: 'datasets/corpus',
    };
    expect(() => selectDatasetColumns(counts, { columns: ['w1'] })).toThrow(
      new UsageError('--columns and --label select columns of dense data, but datasets/corpus is a count matrix'),
    );
    expect(selectDatasetColumns(counts, {})).toBe(counts);
  });
});

describe('selectDatasetColumns --group', () => {
  const ds: DenseDataset = { kind: 'dense', nRows: 2, nCols: 2, values: Float64Array.of(1, 0, 2, 1), columns: ['x', 'g'], source: 'datasets/toy' };

  it("keeps a dataset's own groups, or turns a column into groups (as text)", () => {
    const own = { ...ds, groups: { name: 'group', values: ['a', 'b'] } };
    expect(selectDatasetColumns(own, { group: 'group' })).toBe(own);
    const taken = selectDatasetColumns(ds, { group: 'g' });
    expect(taken.groups).toEqual({ name: 'g', values: ['0', '1'] });
    expect((taken as DenseDataset).columns).toEqual(['x']);
  });

  it('names the missing column and the columns there are in one line', () => {
    expect(() => selectDatasetColumns({ ...ds, groups: { name: 'group', values: ['a', 'b'] } }, { group: 'cond' })).toThrow(
      "--group cond: datasets/toy has no column 'cond' (its group column is 'group'); available columns: x, g",
    );
  });
});
