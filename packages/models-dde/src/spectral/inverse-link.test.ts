import { describe, expect, it } from 'vitest';
import { applyInverseLinks, clippedLog, clippedLogit } from './inverse-link.js';

describe('inverse links with the reference clipping', () => {
  const eps = 1e-4;
  it('clips to [ε, 1 − ε] before the logit', () => {
    const low = Math.log(eps / (1 - eps));
    expect(clippedLogit(-0.3, eps)).toBeCloseTo(low, 12);
    expect(clippedLogit(0, eps)).toBeCloseTo(low, 12);
    expect(clippedLogit(1.4, eps)).toBeCloseTo(-low, 12);
    expect(clippedLogit(0.25, eps)).toBeCloseTo(Math.log(1 / 3), 12);
  });
  it('clips to [ε, ∞) before the log', () => {
    expect(clippedLog(-2, eps)).toBeCloseTo(Math.log(eps), 12);
    expect(clippedLog(3, eps)).toBeCloseTo(Math.log(3), 12);
  });
  it('applies each column its own link and leaves identity columns alone', () => {
    const y = Float64Array.from([0.5, 2, -7, 1, 0, 3]);
    applyInverseLinks(y, 2, ['logit', 'log', 'identity'], eps);
    expect(Array.from(y)).toEqual([0, Math.log(2), -7, clippedLogit(1, eps), Math.log(eps), 3]);
  });
});
