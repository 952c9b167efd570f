import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random/rng.js';
import { lgamma } from '../special/lgamma.js';
import { log1pexp } from '../special/logistic.js';
import { bernoulliLogProb } from './bernoulli.js';
import { oneHotCategoricalLogProb } from './categorical.js';
import { negativeBinomialLogProb } from './negative-binomial.js';
import { Normal, normalKl, normalLogProb } from './normal.js';
import { poissonLogProb } from './poisson.js';

// The functional log-probs in float32 against their closed forms evaluated in float64 on the same float32 inputs.
const f32 = (x: number) => Math.fround(x);
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map(f32);
const count = fc.integer({ min: 0, max: 200 });
const scalar = (t: tf.Tensor): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};
/** |got − want| ≤ rtol·|want| + atol. */
function expectNear(got: number, want: number, rtol: number, atol: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rtol * Math.abs(want) + atol);
}

describe('functional log-probs against float64 closed forms (fast-check)', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('normalLogProb(x, μ, s) = −½((x − μ)e^(−s))² − s − ½ log 2π', () => {
    fc.assert(
      fc.property(real(-50, 50), real(-20, 20), real(-4, 4), (x, mu, s) => {
        const want = -0.5 * ((x - mu) * Math.exp(-s)) ** 2 - s - 0.5 * Math.log(2 * Math.PI);
        // float32: a few ulps of each of O(1) terms, and of the quadratic term up to ~1e6.
        expectNear(scalar(normalLogProb(tf.scalar(x), mu, s)), want, 4e-6, 4e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('normalKl equals the closed form, and is 0 between equal distributions', () => {
    fc.assert(
      fc.property(real(-5, 5), real(-2, 2), real(-5, 5), real(-2, 2), (mp, sp, mq, sq) => {
        const want = sq - sp + (Math.exp(2 * sp) + (mp - mq) ** 2) / (2 * Math.exp(2 * sq)) - 0.5;
        expectNear(scalar(normalKl(mp, sp, mq, sq)), want, 1e-5, 1e-5);
        expect(Math.abs(scalar(normalKl(mp, sp, mp, sp)))).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('normalKl agrees with a Monte Carlo estimate E_p[log p − log q] within 5 standard errors', async () => {
    const [mp, sp, mq, sq] = [0.3, -0.4, -0.5, 0.2];
    const p = Normal.fromLogScale(mp, sp);
    const z = p.sample(createRng(3), [200_000]);
    const diff = tf.tidy(() => tf.sub(normalLogProb(z, mp, sp), normalLogProb(z, mq, sq)));
    const d = await diff.data();
    tf.dispose([z, diff]);
    let mean = 0;
    for (const v of d) mean += v / d.length;
    let v2 = 0;
    for (const v of d) v2 += (v - mean) ** 2 / (d.length - 1);
    expect(Math.abs(mean - scalar(normalKl(mp, sp, mq, sq)))).toBeLessThan(5 * Math.sqrt(v2 / d.length));
  });

  it('bernoulliLogProb(x, ℓ) = xℓ − log(1 + e^ℓ) with gradients x − σ(ℓ) and ℓ, also where the terms cancel', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 0.25, 0.5), real(-60, 60), (x, l) => {
        const want = x * l - log1pexp(l);
        const xs = tf.scalar(x);
        const ls = tf.scalar(l);
        expectNear(scalar(bernoulliLogProb(xs, ls)), want, 2e-6, 1e-7 * Math.max(1, Math.abs(x * l)));
        const [gx, gl] = tf.grads((a: tf.Tensor, b: tf.Tensor) => bernoulliLogProb(a, b))([xs, ls]);
        expectNear(scalar(gl), x - 1 / (1 + Math.exp(-l)), 1e-6, 1e-7);
        expectNear(scalar(gx), l, 0, 0);
        tf.dispose([xs, ls]);
      }),
      { numRuns: 200 },
    );
    // x = 1, ℓ = 20: log σ(20) = −2.06e-9; x·ℓ − softplus(ℓ) in float32 is off by up to ulp(20) = 1.9e-6 there.
    // tf.log1p on wasm rounds 1 + t, so the bound is absolute: 6e-8.
    expectNear(scalar(bernoulliLogProb(tf.scalar(1), tf.scalar(20))), -log1pexp(-20), 0, 6e-8);
  });

  it('bernoulliLogProb reduces broadcast gradients to the shapes of its inputs', () => {
    const x = tf.tensor2d([
      [0, 1, 1],
      [1, 0, 1],
    ]);
    const l = tf.tensor1d([-1, 0.5, 2]);
    const g = tf.grad((b: tf.Tensor) => tf.sum(bernoulliLogProb(x, b)))(l);
    expect(g.shape).toEqual([3]);
    const want = [-1, 0.5, 2].map((li, j) => [0, 1].reduce((s, i) => s + (x.arraySync()[i][j] - 1 / (1 + Math.exp(-li))), 0));
    Array.from(g.dataSync()).forEach((v, j) => expectNear(v, want[j], 1e-6, 1e-6));
    tf.dispose([x, l, g]);
  });

  it('poissonLogProb(k, η) = kη − e^η − log k!, and without log k! when asked', () => {
    fc.assert(
      fc.property(count, real(-5, 6), (k, eta) => {
        const want = k * eta - Math.exp(eta) - lgamma(k + 1);
        // lgammaT is accurate to ~1e-6 relative in float32, with an absolute floor of a few 1e-7 near its zeros at
        // 1 and 2; the terms reach ~1e3.
        expectNear(scalar(poissonLogProb(tf.scalar(k), tf.scalar(eta))), want, 1e-5, 1e-5 * (Math.abs(k * eta) + Math.exp(eta) + lgamma(k + 1)) + 2e-6);
        expectNear(scalar(poissonLogProb(tf.scalar(k), tf.scalar(eta), false)), k * eta - Math.exp(eta), 1e-5, 1e-5 * (Math.abs(k * eta) + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('negativeBinomialLogProb(k, r, ℓ) = log Γ(r + k) − log Γ(r) − log k! − r·softplus(ℓ) − k·softplus(−ℓ)', () => {
    fc.assert(
      fc.property(count, real(0.05, 50), real(-6, 6), (k, r, l) => {
        const kernel = lgamma(r + k) - lgamma(r) - r * log1pexp(l) - k * log1pexp(-l);
        const scale = Math.abs(lgamma(r + k)) + Math.abs(lgamma(r)) + lgamma(k + 1) + r * log1pexp(l) + k * log1pexp(-l);
        const rt = tf.scalar(r);
        const lt = tf.scalar(l);
        expectNear(scalar(negativeBinomialLogProb(tf.scalar(k), rt, lt)), kernel - lgamma(k + 1), 0, 2e-6 * scale + 1e-5);
        expectNear(scalar(negativeBinomialLogProb(tf.scalar(k), rt, lt, false)), kernel, 0, 2e-6 * scale + 1e-5);
        tf.dispose([rt, lt]);
      }),
      { numRuns: 200 },
    );
  });

  it('oneHotCategoricalLogProb picks log softmax(ℓ) at the one', () => {
    fc.assert(
      fc.property(fc.array(real(-10, 10), { minLength: 2, maxLength: 6 }), fc.nat(), (logits, pick) => {
        const k = pick % logits.length;
        const m = Math.max(...logits);
        const want = logits[k] - m - Math.log(logits.reduce((s, l) => s + Math.exp(l - m), 0));
        const z = tf.oneHot(tf.tensor1d([k], 'int32'), logits.length);
        const got = scalar(oneHotCategoricalLogProb(tf.cast(z, 'float32'), tf.tensor2d([logits])));
        z.dispose();
        expectNear(got, want, 1e-5, 1e-5);
      }),
      { numRuns: 100 },
    );
  });
});
