import { parseDenseCsv } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { asModelData } from './count-data.js';

describe('asModelData', () => {
  const csv = (body: string) => parseDenseCsv(`tax,war,peace,split\n${body}`, { source: 'docs.csv' });

  it('turns a CSV document-term matrix into CSR counts for a model that needs counts', () => {
    const ds = asModelData(csv('1,0,2,train\n0,0,0,test\n0,5,0,train\n'), 'counts');
    expect(ds.kind).toBe('counts');
    if (ds.kind !== 'counts') return;
    expect(Array.from(ds.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(ds.indices)).toEqual([0, 2, 1]);
    expect(Array.from(ds.data)).toEqual([1, 2, 5]);
    expect(ds.vocabulary).toEqual(['tax', 'war', 'peace']);
    expect(ds.split).toEqual(['train', 'test', 'train']);
    expect(ds.source).toBe('docs.csv');
  });

  it('rejects a negative or non-integer count with the file, line and column', () => {
    expect(() => asModelData(csv('1,0,2,train\n0,-3,0,test\n'), 'counts')).toThrow(
      "docs.csv:3: column 'war' (2): expected a non-negative integer count, got -3",
    );
    expect(() => asModelData(csv('1,0.5,2,train\n'), 'counts')).toThrow("docs.csv:2: column 'war' (2): expected a non-negative integer count, got 0.5");
  });

  it('leaves data alone when the model takes it as it is', () => {
    const dense = csv('1,-1,2.5,train\n');
    expect(asModelData(dense, 'dense')).toBe(dense);
  });
});
