import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressedMatrixProblem, compressedToDense, type CompressedMatrix } from './sparse-to-dense.js';

/** A matrix with its entries, built directly: a list of (row, column, value) triplets, duplicates allowed. */
const triplets = fc.record({ nRows: fc.integer({ min: 0, max: 7 }), nCols: fc.integer({ min: 0, max: 7 }) }).chain(({ nRows, nCols }) =>
  fc.record({
    nRows: fc.constant(nRows),
    nCols: fc.constant(nCols),
    entries:
      nRows === 0 || nCols === 0
        ? fc.constant([] as [number, number, number][])
        : fc.array(fc.tuple(fc.nat(nRows - 1), fc.nat(nCols - 1), fc.integer({ min: -50, max: 50 })), { maxLength: 30 }),
  }),
);

/** The compressed form of the triplets, grouped by row (CSR) or by column (CSC), in a shuffled order within each line. */
function compress(format: 'csr' | 'csc', nRows: number, nCols: number, entries: readonly [number, number, number][], seed: number): CompressedMatrix {
  const nMajor = format === 'csr' ? nRows : nCols;
  const lines: [number, number][][] = Array.from({ length: nMajor }, () => []);
  for (const [i, j, v] of entries) lines[format === 'csr' ? i : j].push([format === 'csr' ? j : i, v]);
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  lines.forEach((line, a) => {
    const rotated = line.map((_, q) => line[(q + seed + a) % line.length]);
    for (const [b, v] of rotated) {
      indices.push(b);
      data.push(v);
    }
    indptr.push(indices.length);
  });
  return { format, nRows, nCols, indptr, indices, data };
}

describe('compressedToDense', () => {
  it('equals the dense matrix built directly from the entries, duplicates summed (CSR and CSC)', () => {
    fc.assert(
      fc.property(triplets, fc.constantFrom<'csr' | 'csc'>('csr', 'csc'), fc.nat(10), ({ nRows, nCols, entries }, format, seed) => {
        const direct = new Float64Array(nRows * nCols);
        for (const [i, j, v] of entries) direct[i * nCols + j] += v;
        const m = compress(format, nRows, nCols, entries, seed);
        expect(compressedMatrixProblem(m)).toBeUndefined();
        // Integer entries: the sums are exact in any order, so the comparison is exact.
        expect(compressedToDense(m)).toEqual(direct);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('compressedMatrixProblem', () => {
  const ok: CompressedMatrix = { format: 'csr', nRows: 2, nCols: 3, indptr: [0, 1, 3], indices: [2, 0, 1], data: [1, 2, 3] };

  it('accepts a consistent matrix', () => {
    expect(compressedMatrixProblem(ok)).toBeUndefined();
  });

  it.each([
    [{ indptr: [0, 1] }, 'indptr has 2 entries, expected 3 (the shape has 2 rows)'],
    [{ indptr: [1, 1, 3] }, 'indptr[0] is 1, expected 0'],
    [{ indptr: [0, 2, 1] }, 'indptr decreases at entry 2 (2 then 1)'],
    [{ indptr: [0, 1, 4] }, 'indptr ends at 4 but indices has 3 entries and data 3; expected 4 each'],
    [{ indices: [3, 0, 1] }, 'indices[0] = 3 is outside 0..2 (the shape has 3 columns)'],
    [{ format: 'csc' as const }, 'indptr has 3 entries, expected 4 (the shape has 3 columns)'],
  ])('names what is wrong: %j', (change, message) => {
    expect(compressedMatrixProblem({ ...ok, ...change })).toBe(message);
  });
});
