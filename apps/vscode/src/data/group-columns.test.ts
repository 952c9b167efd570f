import { describe, expect, it } from 'vitest';
import { defaultBackground, groupColumnCandidates } from './group-columns.js';
import { sniffData } from './sniff-data.js';

describe('groupColumnCandidates', () => {
  it('offers the text columns, group-like names first, and none of a Matrix Market file', () => {
    const sniffed = sniffData('x,name,condition,split\n1,a,target,train\n2,b,background,test\n', 'a.csv');
    expect(groupColumnCandidates(sniffed)).toEqual(['condition', 'name']);
    expect(groupColumnCandidates(sniffData('x,y\n1,2\n', 'a.csv'))).toEqual([]);
    expect(groupColumnCandidates(sniffData('%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 3\n', 'a.mtx'))).toEqual([]);
  });
});

describe('defaultBackground', () => {
  it("is 'background' when the column holds it, else left to the user", () => {
    expect(defaultBackground(['target', 'background'])).toBe('background');
    expect(defaultBackground(['control', 'treated'])).toBeUndefined();
  });
});
