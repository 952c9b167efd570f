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

  it('rejects a length that is not rows·cols', () => {
    expect(() => logSumExpRows(new Float64Array(5), 2, 2)).toThrow(RangeError);
  });
});
