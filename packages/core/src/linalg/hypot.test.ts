import { describe, expect, it } from 'vitest';
import { hypot } from './hypot.js';

// Closed forms: Pythagorean triples are exact in float64 (3, 4, 5 and 5, 12, 13), √2·x to one rounding, and
// hypot(x, 0) = |x|. Math.hypot is the independent value where one is needed (it is correctly scaled, not fast).
describe('hypot', () => {
  it('gives the Pythagorean triples in either order and sign', () => {
    for (const [a, b, c] of [
      [3, 4, 5],
      [4, 3, 5],
      [-5, 12, 13],
      [12, -5, 13],
    ]) {
      expect(hypot(a, b)).toBe(c);
    }
  });

  it('returns |x| when the other argument is 0, and 0 for (0, 0)', () => {
    expect(hypot(0, 0)).toBe(0);
    expect(hypot(-3, 0)).toBe(3);
    expect(hypot(0, -3)).toBe(3);
    expect(hypot(0, 7e-310)).toBe(7e-310);
  });

  it('neither overflows nor underflows where a² + b² would', () => {
    // √2·1e300 and √2·1e-300 to within an ulp or two (the result rounds twice: √(1 + 1) and the product).
    expect(hypot(1e300, 1e300) / (Math.SQRT2 * 1e300) - 1).toBeLessThan(3e-16);
    expect(hypot(1e-300, -1e-300) / (Math.SQRT2 * 1e-300) - 1).toBeLessThan(3e-16);
    // One argument 1e400 times the other: the smaller one vanishes from the result, in both orders.
    expect(hypot(1e200, 1e-200)).toBe(1e200);
    expect(hypot(1e-200, 1e200)).toBe(1e200);
    expect(hypot(1, 1e-200)).toBe(1);
    expect(hypot(1e-200, 1)).toBe(1);
  });

  it('agrees with Math.hypot to 2 ulps on arguments of mixed sizes', () => {
    for (const [a, b] of [
      [0.1, 0.2],
      [1e-5, 3],
      [7, -1e-3],
      [123.456, 654.321],
    ]) {
      expect(Math.abs(hypot(a, b) - Math.hypot(a, b))).toBeLessThanOrEqual(2 * Number.EPSILON * Math.hypot(a, b));
    }
  });
});
