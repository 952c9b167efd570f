import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DenseDataset } from './dataset.js';
import { parseDenseCsv } from './dense-csv.js';
import { asModelData, denseToCounts } from './dense-to-counts.js';

const csv = (body: string) => parseDenseCsv(`tax,war,peace,split\n${body}`, { source: 'docs.csv' });

const dense = (rows: readonly (readonly number[])[], nCols: number): DenseDataset => ({
  kind: 'dense',
  nRows: rows.length,
  nCols,
  values: Float64Array.from(rows.flat()),
  columns: Array.from({ length: nCols }, (_, j) => `w${j + 1}`),
  source: 'docs.csv',
  lines: Int32Array.from(rows, (_, i) => i + 2),
});

const matrix = (cell: fc.Arbitrary<number>) =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((nCols) => fc.tuple(fc.constant(nCols), fc.array(fc.array(cell, { minLength: nCols, maxLength: nCols }), { maxLength: 8 })));

describe('denseToCounts', () => {
  it('turns a CSV document-term matrix into CSR counts', () => {
    const ds = denseToCounts(csv('1,0,2,train\n0,0,0,test\n0,5,0,train\n'));
    expect(Array.from(ds.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(ds.indices)).toEqual([0, 2, 1]);
    expect(Array.from(ds.data)).toEqual([1, 2, 5]);
    expect(ds.vocabulary).toEqual(['tax', 'war', 'peace']);
    expect(ds.split).toEqual(['train', 'test', 'train']);
    expect(ds.source).toBe('docs.csv');
  });

  it('rejects a negative or non-integer count with the file, line and column', () => {
    expect(() => denseToCounts(csv('1,0,2,train\n0,-3,0,test\n'))).toThrow("docs.csv:3: column 'war' (2): expected a non-negative integer count, got -3");
    expect(() => denseToCounts(csv('1,0.5,2,train\n'))).toThrow("docs.csv:2: column 'war' (2): expected a non-negative integer count, got 0.5");
  });

  it('keeps every non-negative integer matrix: the CSR holds exactly its non-zero cells, row by row', () => {
    fc.assert(
      fc.property(matrix(fc.nat({ max: 50 })), ([nCols, rows]) => {
        const counts = denseToCounts(dense(rows, nCols));
        const back = rows.map(() => new Array<number>(nCols).fill(0));
        for (let i = 0; i < counts.nRows; i++) {
          for (let q = counts.indptr[i]; q < counts.indptr[i + 1]; q++) back[i][counts.indices[q]] = counts.data[q];
        }
        expect(back).toEqual(rows.map((r) => [...r]));
        expect(counts.data.every((v) => v > 0 && Number.isInteger(v))).toBe(true);
        expect(counts.vocabulary).toEqual(Array.from({ length: nCols }, (_, j) => `w${j + 1}`));
      }),
    );
  });

  it('names the line and column of the first cell that is not a non-negative integer', () => {
    const bad = fc.oneof(
      fc.integer({ min: -100, max: -1 }),
      fc.double({ min: 0.01, max: 100, noNaN: true }).filter((v) => !Number.isInteger(v)),
    );
    fc.assert(
      fc.property(matrix(fc.nat({ max: 9 })), fc.nat(), fc.nat(), bad, ([nCols, rows], r, c, value) => {
        fc.pre(rows.length > 0);
        const i = r % rows.length;
        const j = c % nCols;
        const cells = rows.map((row) => [...row]);
        cells[i][j] = value;
        expect(() => denseToCounts(dense(cells, nCols))).toThrow(
          `docs.csv:${i + 2}: column 'w${j + 1}' (${j + 1}): expected a non-negative integer count, got ${value}`,
        );
      }),
    );
  });
});

describe('asModelData', () => {
  it('converts dense data for a model that needs counts', () => {
    expect(asModelData(csv('1,0,2,train\n'), 'counts').kind).toBe('counts');
  });

  it('leaves data alone when the model takes it as it is', () => {
    const data = csv('1,-1,2.5,train\n');
    expect(asModelData(data, 'dense')).toBe(data);
    const counts = denseToCounts(csv('1,0,2,train\n'));
    expect(asModelData(counts, 'counts')).toBe(counts);
  });
});
