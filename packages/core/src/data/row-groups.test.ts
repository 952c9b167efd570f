import { describe, expect, it } from 'vitest';
import { dataHash } from './data-hash.js';
import { parseDenseCsv } from './dense-csv.js';
import { asModelData } from './dense-to-counts.js';
import { selectRows, splitRows } from './split.js';
import { trainTestSplit } from './train-test.js';

const text = 'a,b,cond,split\n1,2,background,train\n3,4,target,test\n5,6,background,train\n7,8,target,train\n';
const parse = (t: string, group = 'cond') => parseDenseCsv(t, { source: 'g.csv', group });

describe('row groups of a CSV file', () => {
  it('takes the group column out of the features and keeps its cells as text', () => {
    const ds = parse(text);
    expect(ds.columns).toEqual(['a', 'b']);
    expect(Array.from(ds.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ds.groups).toEqual({ name: 'cond', values: ['background', 'target', 'background', 'target'] });
    expect(ds.split).toEqual(['train', 'test', 'train', 'train']);
  });

  it('keeps numeric group cells as written, not as numbers', () => {
    expect(parse('a,g\n1,01\n2,2.0\n', 'g').groups!.values).toEqual(['01', '2.0']);
  });

  it('has no groups unless a group column is named', () => {
    expect('groups' in parseDenseCsv('a,b\n1,2\n')).toBe(false);
  });

  it('rejects an empty group cell naming the file, line and column', () => {
    expect(() => parse('a,cond\n1,x\n2,\n')).toThrow("g.csv:3: column 'cond' (2): expected a group value, got an empty cell");
  });

  it('lists the columns when the group column does not exist', () => {
    expect(() => parse(text, 'condition')).toThrow("g.csv:1: unknown group column 'condition'; available columns: a, b, cond, split");
  });

  it('refuses a column that is both the group and the label, a factor or the split', () => {
    expect(() => parseDenseCsv(text, { group: 'cond', label: 'cond' })).toThrow("column 'cond' cannot be both the group and the label");
    expect(() => parseDenseCsv(text, { group: 'cond', factors: ['cond'] })).toThrow("column 'cond' cannot be both the group and a factor");
    expect(() => parseDenseCsv(text, { group: 'split' })).toThrow("column 'split' cannot be both the group and the split column");
  });
});

describe('row groups follow the rows', () => {
  it('through trainTestSplit, splitRows and selectRows', () => {
    const { train, test } = trainTestSplit(parse(text));
    expect(train.groups).toEqual({ name: 'cond', values: ['background', 'background', 'target'] });
    expect(test!.groups).toEqual({ name: 'cond', values: ['target'] });
    expect(splitRows(parse(text), 'test').groups!.values).toEqual(['target']);
    expect(selectRows(parse(text), [3, 0, 3]).groups!.values).toEqual(['target', 'background', 'target']);
  });

  it('through asModelData into counts, and on count rows', () => {
    const counts = asModelData(parse(text), 'counts');
    expect(counts.kind).toBe('counts');
    expect(counts.groups).toEqual({ name: 'cond', values: ['background', 'target', 'background', 'target'] });
    expect(selectRows(counts, [1]).groups!.values).toEqual(['target']);
  });

  it('leaves data without groups without a groups field', () => {
    expect('groups' in selectRows(parseDenseCsv('a\n1\n2\n'), [1])).toBe(false);
  });
});

describe('dataHash with row groups', () => {
  it('changes with the groups and is unchanged without them', () => {
    const plain = parseDenseCsv('a,b\n1,2\n3,4\n');
    const grouped = parseDenseCsv('a,b,g\n1,2,x\n3,4,y\n', { group: 'g' });
    const swapped = parseDenseCsv('a,b,g\n1,2,y\n3,4,x\n', { group: 'g' });
    expect(dataHash(parseDenseCsv('a,b,g\n1,2,x\n3,4,y\n', { columns: ['a', 'b'] }))).toBe(dataHash(plain));
    expect(dataHash(grouped)).not.toBe(dataHash(plain));
    expect(dataHash(grouped)).not.toBe(dataHash(swapped));
  });
});
