import { describe, expect, it } from 'vitest';
import type { DenseDataset } from './dataset.js';
import { trainTestSplit } from './train-test.js';

const data = (split?: ('train' | 'test')[]): DenseDataset => ({
  kind: 'dense',
  nRows: 3,
  nCols: 1,
  values: new Float64Array([1, 2, 3]),
  columns: ['x'],
  source: 'd.csv',
  ...(split && { split }),
});

describe('trainTestSplit', () => {
  it('fits every row and scores none without a split', () => {
    const ds = data();
    expect(trainTestSplit(ds)).toEqual({ train: ds });
  });

  it('fits the train rows and scores the test rows of a split', () => {
    const { train, test } = trainTestSplit(data(['train', 'test', 'train']));
    expect(Array.from(train.values)).toEqual([1, 3]);
    expect(Array.from(test!.values)).toEqual([2]);
  });

  it('has no test set when the split has no test rows', () => {
    expect('test' in trainTestSplit(data(['train', 'train', 'train']))).toBe(false);
  });

  it('rejects a split without train rows instead of fitting the rows set aside for testing', () => {
    expect(() => trainTestSplit(data(['test', 'test', 'test']))).toThrow(
      "d.csv: the split column has no 'train' rows: all 3 rows are 'test' (mark the rows to fit 'train', or remove the split column to fit every row)",
    );
    expect(() => trainTestSplit(data(['test', 'test', 'test']), 'datasets/x')).toThrow(/^datasets\/x: /);
  });
});
