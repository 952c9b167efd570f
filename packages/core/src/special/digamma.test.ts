import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from './digamma.js';

// Reference values from tooling/reference/special_reference.py (scipy.special, float64).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/special.json', import.meta.url), 'utf8'));

const relErr = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const ROOT = 1.4616321449683622;

describe('digamma', () => {
  it('matches scipy.special.digamma to 1e-12 relative', () => {
    for (const [x, scipy] of ref.digamma as [number, number, number][]) {
      const got = digamma(x);
      // At the float64 nearest the zero the value is −9.2e-17; compare absolutely there.
      if (Math.abs(scipy) < 1e-12) expect(Math.abs(got - scipy), `digamma(${x})`).toBeLessThan(1e-18);
      else expect(relErr(got, scipy), `digamma(${x}) = ${got}, scipy ${scipy}`).toBeLessThan(1e-12);
    }
  });

  it('matches 50-digit mpmath to 2e-15 relative for x > 0 and 1e-13 for x < 0', () => {
    for (const [x, , exact] of ref.digamma as [number, number, number][]) {
      expect(relErr(digamma(x), exact), `digamma(${x}) = ${digamma(x)}, mpmath ${exact}`).toBeLessThan(x > 0 ? 2e-15 : 1e-13);
    }
  });

  it('satisfies ψ(x + 1) = ψ(x) + 1/x, including across the window around its zero', () => {
    for (const x of [0.2, 0.5, ROOT - 0.26, ROOT - 0.24, ROOT + 0.24, ROOT + 0.26, 3.1, 9.5]) {
      expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-14 * (1 + 1 / x));
    }
  });

  it('follows scipy at the poles: −∞ at 0, NaN at negative integers', () => {
    expect(digamma(0)).toBe(-Infinity);
    expect(digamma(-2)).toBeNaN();
    expect(digamma(Infinity)).toBe(Infinity);
  });
});

describe('trigamma', () => {
  it('matches scipy.special.polygamma(1, x) to 1e-12 and 50-digit mpmath to 2e-15 (x > 0) or 1e-13 (x < 0)', () => {
    for (const [x, scipy, exact] of ref.trigamma as [number, number, number][]) {
      expect(relErr(trigamma(x), scipy), `trigamma(${x})`).toBeLessThan(1e-12);
      expect(relErr(trigamma(x), exact), `trigamma(${x})`).toBeLessThan(x > 0 ? 2e-15 : 1e-13);
    }
  });

  it('is the derivative of digamma (central difference, h = 1e-5)', () => {
    const h = 1e-5;
    for (const x of [0.7, 1.5, 4, 12]) {
      const fd = (digamma(x + h) - digamma(x - h)) / (2 * h);
      // Central-difference truncation error h²ψ₃/6 plus rounding 1e-16/h: about 1e-9 relative here.
      expect(relErr(fd, trigamma(x))).toBeLessThan(1e-8);
    }
    expect(trigamma(-1)).toBe(Infinity);
  });
});

describe('digamma and trigamma through the reflection far from the origin', () => {
  // x = −(10⁶ + ¼) is exact in float64 and cot(πx) = cot(−π/4) = −1, sin²(πx) = ½, so the reflection formulas give
  // ψ(x) = ψ(1 − x) + π and ψ₁(x) = 2π² − ψ₁(1 − x) in closed form; an argument reduced inexactly (π·x rounded at
  // |x| = 10⁶ is off by about 1e-10) or a recurrence summed over 10⁶ steps misses them at this tolerance.
  const x = -1e6 - 0.25;

  it('ψ(−10⁶ − ¼) = ψ(10⁶ + 5/4) + π to 1e-15 relative', () => {
    expect(relErr(digamma(x), digamma(1 - x) + Math.PI)).toBeLessThan(1e-15);
  });

  it('ψ₁(−10⁶ − ¼) = 2π² − ψ₁(10⁶ + 5/4) to 1e-15 relative, and ψ₁(±∞) = 0 and NaN', () => {
    expect(relErr(trigamma(x), 2 * Math.PI * Math.PI - trigamma(1 - x))).toBeLessThan(1e-15);
    expect(trigamma(Infinity)).toBe(0);
    expect(trigamma(-Infinity)).toBeNaN();
    expect(trigamma(NaN)).toBeNaN();
    expect(digamma(-Infinity)).toBeNaN();
  });
});
