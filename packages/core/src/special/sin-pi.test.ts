import { describe, expect, it } from 'vitest';
import { sinPi } from './sin-pi.js';

describe('sinPi', () => {
  it('equals sin(πx) on every branch of the reduction (r = x − 2·round(x/2) in (½, 1], [−½, ½], [−1, −½))', () => {
    // Reference: Math.sin(π·x) for |x| ≤ 4, where π·x loses at most about 4e-16·|x| absolute to rounding.
    for (let i = -400; i <= 400; i++) {
      const x = i / 100 + 0.003;
      expect(Math.abs(sinPi(x) - Math.sin(Math.PI * x)), `sinPi(${x})`).toBeLessThan(4e-15);
    }
  });

  it('is odd, has period 2 and vanishes exactly at the integers', () => {
    for (const x of [0.1, 0.3, 0.6, 0.9, 1.2, 1.7]) {
      expect(sinPi(-x)).toBe(-sinPi(x));
      expect(Math.abs(sinPi(x + 2) - sinPi(x))).toBeLessThan(1e-15);
    }
    for (const n of [-3, -2, -1, 0, 1, 2, 3, 1e6 + 1]) expect(Math.abs(sinPi(n))).toBe(0);
    // The closed forms sin(π/6) = ½ and sin(5π/6) = ½ on the first branch, −½ at 7/6 and 11/6 on the others.
    expect(sinPi(1 / 6)).toBeCloseTo(0.5, 15);
    expect(sinPi(5 / 6)).toBeCloseTo(0.5, 15);
    expect(sinPi(7 / 6)).toBeCloseTo(-0.5, 15);
    expect(sinPi(11 / 6)).toBeCloseTo(-0.5, 15);
    expect(sinPi(-5 / 6)).toBeCloseTo(-0.5, 15);
  });
});
