import { describe, expect, it } from 'vitest';
import { assertSquare, fromRows, identity, matmul, matrix, matvec, toRows, transpose } from './matrix.js';

describe('matrix helpers', () => {
  it('wraps row-major data and validates the shape', () => {
    const a = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(a.data[1 * 3 + 2]).toBe(6);
    expect(matrix(2, 2).data).toEqual(new Float64Array(4));
    const d = new Float64Array([1, 2]);
    expect(matrix(1, 2, d).data).toBe(d);
    expect(() => matrix(2, 2, [1, 2, 3])).toThrow(/needs 4 entries, got 3/);
    expect(() => matrix(-1, 2)).toThrow(RangeError);
  });

  it('rejects negative and fractional shapes in one line naming both sizes', () => {
    // Without the check, new Float64Array(1.5 · 2) would quietly give a 3-entry "1.5×2" matrix.
    for (const [r, c] of [
      [-1, 2],
      [2, -1],
      [1.5, 2],
      [2, 1.5],
      [NaN, 2],
    ]) {
      expect(() => matrix(r, c)).toThrow(new RangeError(`matrix: invalid shape ${r}×${c}`));
    }
    expect(matrix(0, 3).data.length).toBe(0);
  });

  it('assertSquare names the function and the shape, and passes square matrices', () => {
    expect(() => assertSquare(matrix(2, 3), 'myFn')).toThrow(new RangeError('myFn: expected a square matrix, got 2×3'));
    expect(() => assertSquare(matrix(3, 2), 'myFn')).toThrow(/^myFn: expected a square matrix, got 3×2$/);
    expect(() => assertSquare(matrix(3, 3), 'myFn')).not.toThrow();
    expect(() => assertSquare(matrix(0, 0), 'myFn')).not.toThrow();
  });

  it('round-trips through fromRows and toRows and rejects ragged rows', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(toRows(fromRows(rows))).toEqual(rows);
    expect(fromRows([]).rows).toBe(0);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 entries, expected 2/);
  });

  it('builds the identity', () => {
    expect(toRows(identity(3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('transposes rectangular matrices larger than one cache block', () => {
    const rows = 45;
    const cols = 70;
    const a = matrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, (_, i) => i),
    );
    const t = transpose(a);
    expect([t.rows, t.cols]).toEqual([cols, rows]);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) expect(t.data[j * rows + i]).toBe(a.data[i * cols + j]);
    }
  });

  it('multiplies matrices and vectors exactly on small integers', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromRows([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(toRows(matmul(a, b))).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(Array.from(matvec(a, [1, 0, -1]))).toEqual([-2, -2]);
    expect(() => matmul(a, a)).toThrow(/do not align/);
    expect(() => matvec(a, [1, 2])).toThrow(/do not align/);
  });

  it('propagates NaN through matmul like IEEE arithmetic', () => {
    const c = matmul(fromRows([[0, 1]]), fromRows([[NaN], [2]]));
    expect(c.data[0]).toBeNaN();
  });
});
