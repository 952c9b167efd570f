import { parseDenseCsv } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { groupCounts, keepGroupRows } from './row-groups.js';

const names = { background: 'the background value', target: 'the target value' };
const csv = 'a,cond,split\n1,bg,train\n2,t1,train\n3,t2,train\n4,bg,test\n5,t2,test\n6,t1,train\n';
const train = parseDenseCsv(csv, { group: 'cond' });

describe('keepGroupRows', () => {
  it('keeps the background and the chosen targets in train and test, counting the dropped rows', () => {
    const all = { name: 'g.csv', train };
    const { data, dropped, kept } = keepGroupRows(all, { background: 'bg', targets: ['t1'] }, names);
    expect(kept).toEqual(['bg', 't1']);
    expect(dropped).toBe(2);
    expect(data.train.groups?.values).toEqual(['bg', 't1', 'bg', 't1']);
    // The feature column follows the rows: a = 1, 2, 4, 6.
    expect(data.train.kind === 'dense' && Array.from(data.train.values)).toEqual([1, 2, 4, 6]);
    const withTest = keepGroupRows({ name: 'g.csv', train, test: train }, { background: 'bg', targets: ['t2'] }, names);
    expect(withTest.dropped).toBe(4);
    expect(withTest.data.test?.nRows).toBe(4);
  });

  it('returns the data as it is without targets, and refuses values the column does not hold in one line', () => {
    const all = { name: 'g.csv', train };
    expect(keepGroupRows(all, { background: 'bg' }, names).data).toBe(all);
    expect(() => keepGroupRows(all, { background: 'control' }, names)).toThrow(
      "background group 'control' is not a value of the group column 'cond' of g.csv; values found: 'bg', 't1', 't2' (set it with the background value)",
    );
    expect(() => keepGroupRows(all, { background: 'bg', targets: ['t3'] }, names)).toThrow(
      "the target value t3 is not a value of the group column 'cond' of g.csv; values found: 'bg', 't1', 't2'",
    );
  });
});

describe('groupCounts', () => {
  it('counts the rows of each value in order of first appearance', () => {
    expect(groupCounts(train.groups!.values)).toEqual([
      { value: 'bg', rows: 2 },
      { value: 't1', rows: 2 },
      { value: 't2', rows: 2 },
    ]);
  });
});
