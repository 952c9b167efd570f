import { describe, expect, it } from 'vitest';
import { initialDual, updateDual, type DualSettings } from './lagrangian-dual.js';

/**
 * Gradient descent–ascent on L(θ) + λ·(R(θ) − ε): θ ← θ − η∇(L + λR), then {@link updateDual} with R(θ).
 * Returns the last θ and the dual state.
 */
function primalDual(
  theta0: number[],
  gradL: (t: number[]) => number[],
  r: (t: number[]) => number,
  gradR: (t: number[]) => number[],
  settings: DualSettings,
  steps: number,
  eta = 0.05,
) {
  let theta = theta0;
  let dual = initialDual(settings);
  for (let s = 0; s < steps; s++) {
    const gl = gradL(theta);
    const gr = gradR(theta);
    theta = theta.map((t, i) => t - eta * (gl[i] + dual.multiplier * gr[i]));
    dual = updateDual(dual, r(theta), settings);
  }
  return { theta, dual };
}

const base: DualSettings = { bound: 1, learningRate: 0.05, update: 'additive', smoothing: 0, initialMultiplier: 1 };

describe('updateDual (primal–dual Lagrangian)', () => {
  // min (θ − 3)² s.t. θ² ≤ 1: the constrained optimum θ* = 1 with multiplier λ* = 2 (2(θ − 3) + 2λθ = 0 at θ = 1).
  const oneD = (settings: DualSettings) =>
    primalDual(
      [0],
      ([t]) => [2 * (t - 3)],
      ([t]) => t * t,
      ([t]) => [2 * t],
      settings,
      4000,
    );

  for (const [label, settings] of [
    ['additive, no smoothing', base],
    ['additive, smoothing 0.9', { ...base, smoothing: 0.9 }],
    ['multiplicative (GECO), smoothing 0.5', { ...base, update: 'multiplicative', smoothing: 0.5 }],
  ] as const)
    it(`reaches θ* = 1, λ* = 2 of a one-dimensional problem (${label})`, () => {
      const { theta, dual } = oneD(settings);
      // Gradient descent–ascent contracts linearly here; after 4000 steps the error is far below these tolerances.
      expect(Math.abs(theta[0] - 1)).toBeLessThan(1e-4);
      expect(Math.abs(dual.multiplier - 2)).toBeLessThan(1e-3);
      expect(theta[0] ** 2).toBeLessThanOrEqual(1 + 1e-4);
    });

  it('reaches the projection of (2, 1) on the unit disc with λ* = √5 − 1 in two dimensions', () => {
    // min (x − 2)² + (y − 1)² s.t. x² + y² ≤ 1: θ* = (2, 1)/√5, and 2(θ* − c) + 2λθ* = 0 gives 1 + λ* = √5.
    const { theta, dual } = primalDual(
      [0, 0],
      ([x, y]) => [2 * (x - 2), 2 * (y - 1)],
      ([x, y]) => x * x + y * y,
      ([x, y]) => [2 * x, 2 * y],
      { ...base, smoothing: 0.5 },
      4000,
    );
    expect(Math.abs(theta[0] - 2 / Math.sqrt(5))).toBeLessThan(1e-4);
    expect(Math.abs(theta[1] - 1 / Math.sqrt(5))).toBeLessThan(1e-4);
    expect(Math.abs(dual.multiplier - (Math.sqrt(5) - 1))).toBeLessThan(1e-3);
    expect(theta[0] ** 2 + theta[1] ** 2).toBeLessThanOrEqual(1 + 1e-4);
  });

  it('drives λ to 0 when the constraint is inactive at the unconstrained optimum', () => {
    // min (θ − 0.5)² s.t. θ² ≤ 1: the constraint does not bind, so λ* = 0 and θ* = 0.5.
    const { theta, dual } = primalDual(
      [0],
      ([t]) => [2 * (t - 0.5)],
      ([t]) => t * t,
      ([t]) => [2 * t],
      base,
      2000,
    );
    expect(dual.multiplier).toBe(0);
    expect(Math.abs(theta[0] - 0.5)).toBeLessThan(1e-6);
  });

  it('smooths R with an exponential moving average started at the first value', () => {
    const s = { ...base, smoothing: 0.75, learningRate: 0.5 };
    const a = updateDual(initialDual(s), 3, s);
    expect(a).toEqual({ multiplier: 1 + 0.5 * (3 - 1), smoothed: 3 });
    const b = updateDual(a, 7, s);
    expect(b.smoothed).toBe(0.75 * 3 + 0.25 * 7);
    expect(b.multiplier).toBe(2 + 0.5 * (4 - 1));
    const m = { ...s, update: 'multiplicative' as const };
    expect(updateDual(initialDual(m), 3, m).multiplier).toBeCloseTo(Math.exp(0.5 * 2), 12);
  });

  it('rejects bad settings in one line', () => {
    expect(() => initialDual({ ...base, smoothing: 1 })).toThrow('constraintSmoothing must be in [0, 1), got 1');
    expect(() => initialDual({ ...base, update: 'multiplicative', initialMultiplier: 0 })).toThrow('initialMultiplier must be > 0');
    expect(() => initialDual({ ...base, initialMultiplier: -1 })).toThrow('initialMultiplier must be a finite number >= 0, got -1');
    expect(() => updateDual(initialDual(base), Number.NaN, base)).toThrow('the constraint value became NaN');
  });
});
