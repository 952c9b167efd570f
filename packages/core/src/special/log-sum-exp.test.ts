import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logSumExp, logSumExpRows } from './log-sum-exp.js';

// Reference values from tooling/reference/special_reference.py (scipy.special.logsumexp); null stands for −∞.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/special.json', import.meta.url), 'utf8'));
const values = (row: (number | null)[]): number[] => row.map((v) => (v === null ? -Infinity : v));

describe('logSumExp', () => {
  it('matches scipy.special.logsumexp to 1e-15 relative, without overflow at ±1000', () => {
    for (const [row, want] of ref.logSumExp as [(number | null)[], number][]) {
      const got = logSumExp(values(row));
      expect(Math.abs(got - want), `logSumExp(${row})`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(want)));
    }
  });

  it('returns −∞ when every term is −∞ or there are none, +∞ with a +∞ term and NaN with a NaN term', () => {
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([0, Infinity])).toBe(Infinity);
    expect(logSumExp([0, NaN])).toBeNaN();
    // NaN wins over the ±∞ shortcuts too (as in scipy).
    expect(logSumExp([NaN])).toBeNaN();
    expect(logSumExp([NaN, Infinity])).toBeNaN();
  });
});

describe('logSumExpRows', () => {
  it('applies logSumExp to each row and writes into out', () => {
    const rows = ref.logSumExp.slice(0, 2).map((r: [(number | null)[], number]) => values(r[0]).slice(0, 2));
    const data = new Float64Array(rows.flat());
    const out = new Float64Array(2);
    expect(logSumExpRows(data, 2, 2, out)).toBe(out);
    expect(out[0]).toBe(logSumExp(rows[0]));
    expect(out[1]).toBe(logSumExp(rows[1]));
    expect(Array.from(logSumExpRows(new Float64Array([-Infinity, -Infinity]), 1, 2))).toEqual([-Infinity]);
  });

  it('gives each row its own closed form and leaves out beyond the rows alone', () => {
    // Rows [0, log 2], [log 3, log 5], [−∞, 0]: log 3, log 8, 0.
    const data = new Float64Array([0, Math.LN2, Math.log(3), Math.log(5), -Infinity, 0]);
    const out = new Float64Array([7, 7, 7, 7]);
    logSumExpRows(data, 3, 2, out);
    expect(Math.abs(out[0] - Math.log(3))).toBeLessThan(1e-15);
    expect(Math.abs(out[1] - Math.log(8))).toBeLessThan(4e-16 * Math.log(8));
    expect(out[2]).toBe(0);
    expect(out[3]).toBe(7);
  });

  it('rejects a length that is not rows·cols, and a short out, in one line', () => {
    expect(() => logSumExpRows(new Float64Array(5), 2, 3)).toThrow('logSumExpRows: values has length 5, expected rows·cols = 6');
    expect(() => logSumExpRows(new Float64Array(4), 2, 2, new Float64Array(1))).toThrow('logSumExpRows: out has length 1, expected 2');
  });
});
