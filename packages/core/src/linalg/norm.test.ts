import { describe, expect, it } from 'vitest';
import { norm2 } from './norm.js';

const v = (...x: number[]) => Float64Array.from(x);

// Closed forms: the Pythagorean quadruple 1² + 2² + 2² = 3² and the triples (3, 4, 5), (5, 12, 13) are exact in float64,
// as are their scalings by powers of ten up to one rounding of each entry (relative error ≤ 3e-16 below).
describe('norm2', () => {
  it('gives exact Euclidean norms, over a stride and from an offset', () => {
    expect(norm2(v(3, 4), 0, 2)).toBe(5);
    expect(norm2(v(1, 2, 2), 0, 3)).toBe(3);
    // Every other entry from 0: (3, 4, 12) → 13; from 1: (5, 12) → 13; one entry, a negative: its absolute value.
    const x = v(3, 5, 4, 12, 12, 99);
    expect(norm2(x, 0, 3, 2)).toBe(13);
    expect(norm2(x, 1, 2, 2)).toBe(13);
    expect(norm2(v(7, -2.5), 1, 1)).toBe(2.5);
    expect(norm2(x, 2, 0)).toBe(0);
  });

  it('neither underflows nor overflows where the sum of squares would', () => {
    // Squares of 1e-200 underflow to 0 and of 1e200 overflow to ∞: the result comes from the rescaled sum.
    expect(Math.abs(norm2(v(3e-200, 4e-200), 0, 2) / 5e-200 - 1)).toBeLessThan(3e-16);
    expect(Math.abs(norm2(v(3e200, 0, -4e200), 0, 2, 2) / 5e200 - 1)).toBeLessThan(3e-16);
    expect(Math.abs(norm2(v(1e-160, 2e-160, 2e-160), 0, 3) / 3e-160 - 1)).toBeLessThan(3e-16);
    // Mixed sizes: 1e200 swamps 1 (1e400 + 1 rounds to 1e400).
    expect(norm2(v(1, 1e200), 0, 2)).toBe(1e200);
    // Subnormal entries: 1/scale would overflow, so the rescaling divides; 3e-310 and 4e-310 are rounded, hence 1e-6.
    expect(Math.abs(norm2(v(3e-310, 4e-310), 0, 2) / 5e-310 - 1)).toBeLessThan(1e-6);
    expect(norm2(v(5e-324), 0, 1)).toBe(5e-324);
  });

  it('returns 0 for zeros, ∞ with an infinite entry and NaN with a NaN', () => {
    expect(norm2(v(0, 0, 0), 0, 3)).toBe(0);
    expect(norm2(v(1, -Infinity), 0, 2)).toBe(Infinity);
    expect(norm2(v(1, NaN), 0, 2)).toBeNaN();
  });
});
