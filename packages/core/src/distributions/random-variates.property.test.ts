import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { categoricalVariate, cumulativeProbabilities, dirichletVariate, negativeBinomialVariate } from './random-variates.js';

const N = 50_000;

describe('JS variates (fast-check over parameters and seeds)', () => {
  it('dirichletVariate returns positive weights summing to 1, also for tiny concentrations', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.nat(), (alpha, seed) => {
        const w = dirichletVariate(createRng(seed), alpha);
        expect(w).toHaveLength(alpha.length);
        expect(w.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
        expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('categoricalVariate never returns an index of probability 0 and is deterministic under a seed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0.5, 1, 3), { minLength: 1, maxLength: 8 }), fc.nat(), (p, seed) => {
        fc.pre(p.some((v) => v > 0));
        const cdf = cumulativeProbabilities(p);
        const a = createRng(seed);
        const b = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const k = categoricalVariate(a, cdf);
          expect(p[k]).toBeGreaterThan(0);
          expect(categoricalVariate(b, cdf)).toBe(k);
        }
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    [2, -0.8],
    [0.5, 1.2],
    [10, 0],
  ])('negativeBinomialVariate(r = %s, ℓ = %s) has mean r·e^ℓ and variance mean·(1 + e^ℓ)', (r, l) => {
    const rng = createRng(21);
    const xs = Float64Array.from({ length: N }, () => negativeBinomialVariate(rng, r, l));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / N;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
    const m = r * Math.exp(l);
    const v = m * (1 + Math.exp(l));
    // 5 standard errors of the mean; the variance within 10% (heavy tails make its standard error large).
    expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(v / N));
    expect(Math.abs(variance - v)).toBeLessThan(0.1 * v);
    expect(negativeBinomialVariate(rng, 0, l)).toBe(0);
  });
});
