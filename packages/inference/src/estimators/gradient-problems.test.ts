import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRADIENT_PROBLEM_CONSTANTS, GRADIENT_PROBLEMS, type GradientProblem } from './gradient-problems.js';

// The problems' `gradient` is the oracle of the unbiasedness tests (here and in @latentkit/testing): this checks it
// against central differences of E_q[f] computed another way, with the problem's own f evaluated by tfjs:
// an exact sum over the 4 Bernoulli and 3 categorical states, and for the Gaussian the 3-point Gauss–Hermite rule
// per dimension (nodes 0, ±√3, weights 2/3, 1/6, 1/6), exact for polynomials of degree ≤ 5 and so for this quadratic f.

beforeAll(async () => {
  await initBackend();
});

const values = (problem: GradientProblem, z: number[][]) => tf.tidy(() => Array.from(problem.f(tf.tensor2d(z)).dataSync()));

/** E_q[f] as a function of θ (float64 weights; the f values are float32 from tfjs). */
function expectation(problem: GradientProblem): (theta: number[]) => number {
  if (problem.latent === 'bernoulli') {
    const states = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const f = values(problem, states);
    return (l) => states.reduce((s, z, i) => s + f[i] * z.reduce((q, zd, d) => q * (zd ? 1 / (1 + Math.exp(-l[d])) : 1 / (1 + Math.exp(l[d]))), 1), 0);
  }
  if (problem.latent === 'categorical') {
    const f = values(problem, [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    return (l) => {
      const e = l.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.reduce((acc, v, k) => acc + (v / s) * f[k], 0);
    };
  }
  const nodes = [0, Math.sqrt(3), -Math.sqrt(3)];
  const weights = [2 / 3, 1 / 6, 1 / 6];
  return ([m1, m2, s1, s2]) => {
    const z = nodes.flatMap((x1) => nodes.map((x2) => [m1 + Math.exp(s1) * x1, m2 + Math.exp(s2) * x2]));
    const f = values(problem, z);
    return weights.reduce((acc, w1, i) => acc + weights.reduce((a, w2, j) => a + w1 * w2 * f[3 * i + j], 0), 0);
  };
}

describe('GRADIENT_PROBLEMS', () => {
  for (const problem of Object.values(GRADIENT_PROBLEMS)) {
    it(`${problem.latent}: the closed-form gradient is that of E_q[f] by central differences`, () => {
      const e = expectation(problem);
      // Gaussian: f in float32 at θ-dependent points, so h = 1e-2 (round-off ~2e-6/h = 2e-4; the μ differences are
      // exact for a quadratic, the log σ ones off by h²/6·8σ² < 4e-4); discrete: fixed f values, h = 1e-5, error ~1e-10.
      const [h, tol] = problem.latent === 'gaussian' ? [1e-2, 1e-3] : [1e-5, 1e-8];
      const numeric = problem.theta.map((_, j) => {
        const up = problem.theta.map((t, k) => (k === j ? t + h : t));
        const down = problem.theta.map((t, k) => (k === j ? t - h : t));
        return (e(up) - e(down)) / (2 * h);
      });
      problem.gradient.forEach((g, j) => expect(Math.abs(g - numeric[j]), `${problem.components[j]}: ${g} vs ${numeric[j]}`).toBeLessThan(tol));
    });
  }

  it('label every component of θ and name their latent type', () => {
    for (const [latent, problem] of Object.entries(GRADIENT_PROBLEMS)) {
      expect(problem.latent).toBe(latent);
      expect(problem.name.toLowerCase()).toContain(latent);
      expect(problem.components).toHaveLength(problem.theta.length);
      expect(problem.gradient).toHaveLength(problem.theta.length);
      expect(new Set(problem.components).size).toBe(problem.theta.length);
      for (const c of problem.components) expect(c).toMatch(/^∂\/∂/);
    }
  });

  it('export the constants they are built from', () => {
    const { mu, sigma, ells, p, logits, pi } = GRADIENT_PROBLEM_CONSTANTS;
    expect(GRADIENT_PROBLEMS.gaussian.theta).toEqual([...mu, ...sigma.map(Math.log)]);
    expect(GRADIENT_PROBLEMS.bernoulli.theta).toEqual(ells);
    expect(GRADIENT_PROBLEMS.categorical.theta).toEqual(logits);
    p.forEach((v, d) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-ells[d])), 15));
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    pi.forEach((v, k) => expect(v).toBeCloseTo(Math.exp(logits[k]) / z, 15));
  });
});
