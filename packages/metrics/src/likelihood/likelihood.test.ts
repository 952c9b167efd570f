import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heldOutLogLikelihood } from './log-likelihood.js';
import { perplexity } from './perplexity.js';

// Fixed inputs and numpy/scipy (xlogy, gammaln) values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));
const close = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('metrics/log-likelihood', () => {
  it('matches the reference for every family to 1e-10 (relative)', () => {
    const l = ref.likelihood;
    expect(close(heldOutLogLikelihood(l.counts, l.rate).value, l.categorical.value)).toBeLessThan(1e-10);
    expect(close(heldOutLogLikelihood(l.counts, l.rate, { family: 'poisson' }).value, l.poisson.value)).toBeLessThan(1e-10);
    expect(close(heldOutLogLikelihood(l.binary, l.prob, { family: 'bernoulli' }).value, l.bernoulli.value)).toBeLessThan(1e-10);
    expect(close(heldOutLogLikelihood(l.gaussianX, l.gaussianMean, { family: 'gaussian' }).value, l.gaussian.value)).toBeLessThan(1e-10);
    const g = heldOutLogLikelihood(l.gaussianX, l.gaussianMean, { family: 'gaussian', sigma: 0.7 });
    expect(close(g.value, l.gaussianSigma07.value)).toBeLessThan(1e-10);
    expect(close(g.parts.total, l.gaussianSigma07.total)).toBeLessThan(1e-10);
  });

  it('gives the closed form for a perfect Gaussian prediction and rejects impossible observations in one line', () => {
    // x = μ in every cell: ℓ = −log σ − ½ log 2π per cell, 3 cells per row.
    expect(heldOutLogLikelihood([[1, 2, 3]], [[1, 2, 3]], { family: 'gaussian', sigma: 2 }).value).toBeCloseTo(
      3 * (-Math.log(2) - 0.5 * Math.log(2 * Math.PI)),
      12,
    );
    expect(() => heldOutLogLikelihood([[1, 0]], [[0, 1]], { family: 'poisson' })).toThrow(
      /^metrics\/log-likelihood: pred gives probability 0 to row 1, column 'x1' where truth is 1; the log-likelihood is -Infinity$/,
    );
    expect(() => heldOutLogLikelihood([[1, 0]], [[1.5, 0.2]], { family: 'bernoulli' })).toThrow(
      /pred has 1.5 at row 1, column 'x1'; expected a probability in \[0, 1\]/,
    );
    expect(() => heldOutLogLikelihood([[1, 0]], [[1, 2, 3]])).toThrow(/^metrics\/log-likelihood: truth has 2 columns but pred has 3$/);
  });
});

describe('metrics/perplexity', () => {
  it('matches the reference to 1e-10 (relative) and equals the vocabulary size for a uniform prediction', () => {
    const l = ref.likelihood;
    const r = perplexity(l.counts, l.rate);
    expect(close(r.value, l.perplexity.value)).toBeLessThan(1e-10);
    expect(r.parts.words).toBe(l.perplexity.words);
    const uniform = l.counts.map((row: number[]) => row.map(() => 1));
    expect(perplexity(l.counts, uniform).value).toBeCloseTo(30, 10);
  });
});
