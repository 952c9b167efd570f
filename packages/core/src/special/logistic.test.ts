import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { log1mexp, log1pexp, logit, sigmoid, softplus } from './logistic.js';

// Reference values from tooling/reference/special_reference.py (numpy.logaddexp, scipy.special.expit/logit, mpmath).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/special.json', import.meta.url), 'utf8'));

const close = (got: number, want: number, rtol: number): boolean => got === want || Math.abs(got - want) <= rtol * Math.abs(want);

describe('logistic functions', () => {
  it('log1pexp (softplus) matches numpy.logaddexp(0, x) to 1e-15 relative over ±800', () => {
    for (const [x, want] of ref.log1pexp as [number, number][]) {
      expect(close(log1pexp(x), want, 1e-15), `log1pexp(${x}) = ${log1pexp(x)}, numpy ${want}`).toBe(true);
      expect(softplus(x)).toBe(log1pexp(x));
    }
  });

  it('sigmoid matches scipy.special.expit to 1e-15 relative over ±800', () => {
    for (const [x, want] of ref.sigmoid as [number, number][]) {
      expect(close(sigmoid(x), want, 1e-15), `sigmoid(${x}) = ${sigmoid(x)}, scipy ${want}`).toBe(true);
    }
  });

  it('logit matches scipy.special.logit to 1e-14 relative and inverts sigmoid', () => {
    // scipy's logit computes log(p/(1 − p)); both lose about 1e-16/|logit| near p = 0.5, hence 1e-14.
    for (const [p, want] of ref.logit as [number, number][]) {
      const got = logit(p);
      if (want === 0) expect(got).toBe(0);
      else expect(close(got, want, 1e-14), `logit(${p}) = ${got}, scipy ${want}`).toBe(true);
    }
    for (const x of [-30, -2, 0.3, 5]) expect(Math.abs(logit(sigmoid(x)) - x)).toBeLessThan(1e-14 * Math.max(1, Math.exp(Math.abs(x))));
  });

  it('log1mexp matches 50-digit mpmath log(1 − e^(−a)) to 1e-15 relative', () => {
    for (const [a, want] of ref.log1mexp as [number, number][]) {
      expect(close(log1mexp(a), want, 1e-15), `log1mexp(${a})`).toBe(true);
    }
    expect(log1mexp(0)).toBe(-Infinity);
    expect(log1mexp(-1)).toBeNaN();
  });
});
