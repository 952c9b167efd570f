import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { optimalAssignment } from './assignment.js';
import { fromRows, transpose } from './matrix.js';

// Reference values from tooling/reference/linalg_reference.py (scipy 1.10 `linear_sum_assignment`; the script checks
// by brute force that both optima are unique, so the assignment itself must match, not only the total).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

function bruteForce(cost: number[][], maximize: boolean): number {
  const n = cost.length;
  const m = cost[0].length;
  const used = new Array<boolean>(m).fill(false);
  let best = maximize ? -Infinity : Infinity;
  const better = (x: number) => (maximize ? x > best : x < best);
  // Assign every row when n ≤ m, otherwise every column (choose which rows stay unassigned).
  const rowsFirst = n <= m;
  const recurse = (i: number, total: number, skipsLeft: number): void => {
    if (i === n) {
      if (better(total)) best = total;
      return;
    }
    if (!rowsFirst && skipsLeft > 0) recurse(i + 1, total, skipsLeft - 1);
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      recurse(i + 1, total + cost[i][j], skipsLeft);
      used[j] = false;
    }
  };
  recurse(0, 0, rowsFirst ? 0 : n - m);
  return best;
}

function expectInjective(rowToCol: Int32Array, cols: number): void {
  const assigned = Array.from(rowToCol).filter((c) => c >= 0);
  expect(assigned.length).toBe(Math.min(rowToCol.length, cols));
  expect(new Set(assigned).size).toBe(assigned.length);
  for (const c of assigned) expect(c).toBeLessThan(cols);
}

describe('optimalAssignment', () => {
  it('matches scipy on the fixed 6×4 example, minimising and maximising', () => {
    const cost: number[][] = ref.assignment.cost;
    for (const [label, maximize] of [
      ['min', false],
      ['max', true],
    ] as const) {
      const { rowToCol, total } = optimalAssignment(cost, { maximize });
      expect(Array.from(rowToCol)).toEqual(ref.assignment[label].rowToCol);
      expect(total).toBeCloseTo(ref.assignment[label].total, 12);
    }
  });

  it('gives the transposed answer on the 4×6 transpose, from a Matrix', () => {
    const t = transpose(fromRows(ref.assignment.cost));
    const { rowToCol, total } = optimalAssignment(t);
    expect(total).toBeCloseTo(ref.assignment.min.total, 12);
    const expected: number[] = ref.assignment.min.rowToCol;
    expected.forEach((col, row) => {
      if (col >= 0) expect(rowToCol[col]).toBe(row);
    });
  });

  it('agrees with brute force on random small rectangular matrices', () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(5);
      const m = 1 + rng.int(5);
      // Mix continuous costs with ties (rounded to integers) and negative values.
      const integer = trial % 2 === 0;
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => (integer ? Math.round(rng.normal() * 3) : rng.normal() * 10)));
      for (const maximize of [false, true]) {
        const { rowToCol, total } = optimalAssignment(cost, { maximize });
        expectInjective(rowToCol, m);
        let recomputed = 0;
        rowToCol.forEach((c, i) => {
          if (c >= 0) recomputed += cost[i][c];
        });
        expect(total).toBe(recomputed);
        expect(Math.abs(total - bruteForce(cost, maximize))).toBeLessThan(1e-9);
      }
    }
  });

  it('handles empty input and rejects NaN, infinities and ragged rows', () => {
    expect(optimalAssignment([]).rowToCol.length).toBe(0);
    expect(Array.from(optimalAssignment([[], []]).rowToCol)).toEqual([-1, -1]);
    expect(() => optimalAssignment([[1, NaN]])).toThrow(/cost \(0, 1\) is NaN/);
    expect(() => optimalAssignment([[Infinity]])).toThrow(RangeError);
    expect(() => optimalAssignment([[1, 2], [3]])).toThrow(/row 1 has 1 entries, expected 2/);
  });
});
