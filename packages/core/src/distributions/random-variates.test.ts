import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { categoricalVariate, cumulativeProbabilities, dirichletVariate, gammaVariate, logGammaVariate, poissonVariate } from './random-variates.js';

// Moved from @latentkit/datasets (src/random/samplers.test.ts) with its samplers, which were copies of these.

/** Sample mean and variance. */
function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

const N = 100_000;

describe('gammaVariate', () => {
  // Gamma(a, 1): mean a, variance a, excess kurtosis 6/a, so Var(sample variance) ≈ a²(2 + 6/a)/N.
  // Tolerances are 5 standard errors (a false alarm about once in 1.7 million runs per check).
  it.each([0.3, 1, 2.5, 30])('has mean and variance equal to the shape %s', (a) => {
    const rng = createRng(7);
    const xs = Float64Array.from({ length: N }, () => gammaVariate(rng, a));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - a)).toBeLessThan(5 * Math.sqrt(a / N));
    expect(Math.abs(variance - a)).toBeLessThan(5 * Math.sqrt((a * a * (2 + 6 / a)) / N));
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it('is deterministic under a seed and gives NaN for a non-positive shape', () => {
    const r1 = createRng(3);
    const r2 = createRng(3);
    expect(Array.from({ length: 20 }, () => gammaVariate(r1, 0.7))).toEqual(Array.from({ length: 20 }, () => gammaVariate(r2, 0.7)));
    expect(gammaVariate(createRng(1), 0)).toBeNaN();
  });
});

describe('logGammaVariate', () => {
  // E[log G(a)] = ψ(a), Var[log G(a)] = ψ'(a); values from scipy.special.digamma/polygamma.
  it.each([
    [0.01, -100.56088545786868, 10001.62121353],
    [0.3, -3.502524222200133, 12.24536455],
  ])('has mean ψ(a) and variance ψ′(a) for a = %s, without underflow', (a, psi, trigamma) => {
    const rng = createRng(11);
    const xs = Float64Array.from({ length: N }, () => logGammaVariate(rng, a));
    expect(xs.every(Number.isFinite)).toBe(true);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - psi)).toBeLessThan(5 * Math.sqrt(trigamma / N));
    // log G(a) ≈ −Exp/a for small a, kurtosis 9: Var(s²) ≈ 8·ψ′²/N; 5 standard errors.
    expect(Math.abs(variance - trigamma)).toBeLessThan(5 * trigamma * Math.sqrt(8 / N));
  });
});

describe('dirichletVariate', () => {
  it('sums to one with means α_k / Σα', () => {
    const alpha = [0.5, 2, 7.5];
    const a0 = 10;
    const rng = createRng(5);
    const sums = [0, 0, 0];
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const w = dirichletVariate(rng, alpha);
      expect(Math.abs(w[0] + w[1] + w[2] - 1)).toBeLessThan(1e-12);
      for (let k = 0; k < 3; k++) sums[k] += w[k];
    }
    alpha.forEach((a, k) => {
      const m = a / a0;
      // Var(w_k) = m(1 − m)/(α0 + 1); 5 standard errors of the mean.
      expect(Math.abs(sums[k] / n - m)).toBeLessThan(5 * Math.sqrt((m * (1 - m)) / (a0 + 1) / n));
    });
  });

  it('stays finite and normalised for tiny concentrations', () => {
    const w = dirichletVariate(createRng(1), new Array<number>(1000).fill(0.001));
    expect(w.every(Number.isFinite)).toBe(true);
    expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
  });
});

describe('poissonVariate', () => {
  it.each([0.5, 3, 9.9, 10, 50, 1000])('has mean and variance λ = %s', (lambda) => {
    const rng = createRng(13);
    const xs = Float64Array.from({ length: N }, () => poissonVariate(rng, lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { mean, variance } = moments(xs);
    // Var(mean) = λ/N; Var(sample variance) ≈ (2λ² + λ)/N (excess kurtosis 1/λ); 5 standard errors.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
    expect(Math.abs(variance - lambda)).toBeLessThan(5 * Math.sqrt((2 * lambda * lambda + lambda) / N));
  });

  it('puts mass e^{−λ} on zero', () => {
    const rng = createRng(17);
    let zeros = 0;
    for (let i = 0; i < N; i++) if (poissonVariate(rng, 3) === 0) zeros++;
    const p = Math.exp(-3);
    expect(Math.abs(zeros / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });
});

describe('categoricalVariate', () => {
  it('never picks a zero-probability index and matches the probabilities', () => {
    const p = [0.2, 0, 0.5, 0.3];
    const cdf = cumulativeProbabilities(p);
    const rng = createRng(2);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) counts[categoricalVariate(rng, cdf)]++;
    expect(counts[1]).toBe(0);
    p.forEach((pk, k) => expect(Math.abs(counts[k] / N - pk)).toBeLessThan(5 * Math.sqrt((pk * (1 - pk)) / N) + 1e-12));
  });
});
