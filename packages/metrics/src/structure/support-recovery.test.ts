import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { supportRecovery } from './support-recovery.js';

// Fixed inputs and numpy / scipy linear_sum_assignment values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/support-recovery', () => {
  it('matches the reference (permuted, sign-flipped, noisy estimate with a surplus column)', () => {
    const s = ref.supportRecovery;
    for (const [name, threshold] of [
      ['threshold01', 0.1],
      ['threshold03', 0.3],
    ] as const) {
      const r = supportRecovery(s.truth, s.pred, { threshold });
      expect(r.value).toBe(s[name].value);
      expect(r.parts.hamming).toBe(s[name].hamming);
      expect(Math.abs(r.parts.precision - s[name].precision)).toBeLessThan(1e-12);
      expect(Math.abs(r.parts.recall - s[name].recall)).toBeLessThan(1e-12);
      expect(Math.abs(r.parts.rmse - s[name].rmse)).toBeLessThan(1e-12);
      expect(r.parts.unmatchedPredColumns).toBe(1);
      const matching = Object.fromEntries(s[name].matching.map(([a, b]: number[]) => [`x${a + 1}`, `x${b + 1}`]));
      expect(r.settings.matching).toEqual(matching);
    }
  });

  it('is exact for a permuted, sign-flipped copy and counts a missing column as missed support', () => {
    const w = [
      [1, 0, 0],
      [0.5, 0, -2],
      [0, 3, 0],
      [0, 0, 1],
    ];
    const perm = w.map(([a, b, c]) => [-c, a, b]);
    const r = supportRecovery(w, perm);
    expect(r.value).toBe(1);
    expect(r.parts.rmse).toBe(0);
    // Only the first two estimated columns: the third true column (2 non-zeros) is compared with zeros.
    const short = supportRecovery(
      w,
      w.map(([a, b]) => [a, b]),
    );
    expect(short.parts.hamming).toBe(2);
    expect(short.value).toBe(1 - 2 / 12);
    expect(short.parts.unmatchedTruthColumns).toBe(1);
  });
});
