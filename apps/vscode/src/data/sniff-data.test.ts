import { describe, expect, it } from 'vitest';
import { defaultLabel, labelCandidates, loadChoice, sniffData } from './sniff-data.js';

describe('sniffData', () => {
  it('reads the header and tells numeric columns from text ones', () => {
    const s = sniffData('a,b,species,split\n1,2,x,train\n3,NA,y,test\n', 'p.csv');
    expect(s).toEqual({
      format: 'delimited',
      delimiter: ',',
      columns: [
        { name: 'a', numeric: true, distinct: 2 },
        { name: 'b', numeric: true, distinct: 2 },
        { name: 'species', numeric: false, distinct: 2 },
        { name: 'split', numeric: false, distinct: 2 },
      ],
      sampledRows: 2,
    });
  });

  it('drops the partial last line of a file prefix', () => {
    const s = sniffData('a\tb\n1\t2\n3\tfoo', 'p.tsv', false);
    expect(s.format === 'delimited' && s.sampledRows).toBe(1);
    expect(s.format === 'delimited' && s.columns.every((c) => c.numeric)).toBe(true);
  });

  it("skips R's unnamed row-name column", () => {
    const s = sniffData('"x","y"\n"1",1,2\n"2",3,4\n', 'r.csv');
    expect(s.format === 'delimited' && s.columns.map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('reads the size line of a Matrix Market file', () => {
    expect(sniffData('%%MatrixMarket matrix coordinate integer general\n% c\n3 5 4\n1 1 2\n', 'd.mtx')).toEqual({
      format: 'matrix-market',
      nRows: 3,
      nCols: 5,
      nnz: 4,
    });
  });

  it('rejects a Matrix Market file without its header', () => {
    expect(() => sniffData('3 5 4\n', 'd.mtx')).toThrow(/d\.mtx:1: expected a '%%MatrixMarket/);
  });
});

describe('label choice', () => {
  const iris = sniffData('sl,sw,label,split\n' + Array.from({ length: 30 }, (_, i) => `${i / 10},${i / 7},${i % 3},train`).join('\n'), 'iris.csv');
  const penguins = sniffData('bill,flipper,island,species\n1,2,Biscoe,Adelie\n3,4,Dream,Gentoo\n', 'p.csv');

  it('prefers a text column with a label-like name', () => {
    expect(defaultLabel(penguins)).toBe('species');
    expect(labelCandidates(penguins)).toEqual(['species', 'island']);
  });

  it('takes a numeric column named like a label', () => {
    expect(defaultLabel(iris)).toBe('label');
  });

  it('leaves out other text columns from the features', () => {
    expect(loadChoice(penguins, 'species')).toEqual({ columns: ['bill', 'flipper'], label: 'species' });
  });

  it('lets the loader pick the features when only the label is special', () => {
    expect(loadChoice(iris, 'label')).toEqual({ label: 'label' });
    expect(loadChoice(iris, undefined)).toEqual({});
  });

  it('fails when no numeric feature is left', () => {
    expect(() => loadChoice(sniffData('name\nx\n', 'n.csv'), undefined)).toThrow(/no numeric feature column/);
  });
});
