import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random/rng.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Gamma } from './gamma.js';
import { Laplace } from './laplace.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { NegativeBinomial } from './negative-binomial.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { RelaxedBernoulli } from './relaxed-bernoulli.js';
import { RelaxedCategorical } from './relaxed-categorical.js';

const N = 20_000;

beforeAll(async () => {
  await initBackend();
});

/** Sample mean, variance and fourth central moment of column `j` of an `n × stride` row-major array. */
function moments(data: ArrayLike<number>, stride: number, j: number) {
  const n = data.length / stride;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += data[i * stride + j];
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = data[i * stride + j] - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  return { n, mean, variance: m2 / (n - 1), m4: m4 / n };
}

/**
 * Draw N samples and check every batch (and event) element: the sample mean within 4 standard errors
 * sqrt(s²/N) of the closed-form mean, and the sample variance within 4 standard errors sqrt((m₄ − s⁴)/N)
 * (the large-sample standard error of a variance, with the fourth central moment m₄ estimated from the draws).
 * The closed-form mean and variance are themselves checked against torch in reference.test.ts.
 */
function checkMoments(d: Distribution, seed: number): void {
  const before = tf.memory().numTensors;
  const x = d.sample(createRng(seed), [N]);
  const mean = d.mean!;
  const variance = d.variance!;
  expect(x.shape).toEqual([N, ...d.batchShape, ...d.eventShape]);
  const data = x.dataSync();
  const mu = mean.dataSync();
  const v = variance.dataSync();
  tf.dispose([x, mean, variance]);
  expect(tf.memory().numTensors).toBe(before);
  const stride = mu.length;
  for (let j = 0; j < stride; j++) {
    const m = moments(data, stride, j);
    const seMean = Math.sqrt(m.variance / m.n);
    const seVar = Math.sqrt(Math.max(m.m4 - m.variance * m.variance, 0) / m.n);
    expect(Math.abs(m.mean - mu[j]), `${d.name} mean[${j}]: ${m.mean} vs ${mu[j]} (se ${seMean})`).toBeLessThanOrEqual(4 * seMean);
    expect(Math.abs(m.variance - v[j]), `${d.name} variance[${j}]: ${m.variance} vs ${v[j]} (se ${seVar})`).toBeLessThanOrEqual(4 * seVar);
  }
}

/** A class frequency over N draws within 4 binomial standard errors sqrt(p(1 − p)/N) of p. */
function expectFrequency(count: number, p: number, what: string): void {
  const se = Math.sqrt((p * (1 - p)) / N);
  expect(Math.abs(count / N - p), `${what}: ${count / N} vs ${p}`).toBeLessThanOrEqual(4 * se);
}

describe('sample moments (N = 20000, 4 standard errors)', () => {
  it('Normal', () => checkMoments(new Normal([0, 2], [1, 0.5]), 1));
  it('Laplace', () => checkMoments(new Laplace([0, -1], [1, 3]), 2));
  it('MultivariateNormal (per component, and the covariance off the diagonal)', () => {
    const L = [
      [1, 0, 0],
      [0.8, 0.6, 0],
      [-0.5, 0.3, 1.2],
    ];
    const d = new MultivariateNormal({ loc: [1, -2, 0.5], scaleTril: L });
    checkMoments(d, 3);
    const x = d.sample(createRng(3), [N]);
    const data = x.dataSync();
    x.dispose();
    // Cov(x₀, x₁) = (LLᵀ)₀₁ = 0.8; the standard error of a sample covariance is sqrt(Var((x₀ − μ₀)(x₁ − μ₁))/N).
    const m0 = moments(data, 3, 0).mean;
    const m1 = moments(data, 3, 1).mean;
    const prods = new Float64Array(N);
    for (let i = 0; i < N; i++) prods[i] = (data[3 * i] - m0) * (data[3 * i + 1] - m1);
    const pm = moments(prods, 1, 0);
    expect(Math.abs(pm.mean - 0.8)).toBeLessThanOrEqual(4 * Math.sqrt(pm.variance / N));
  });
  it('Bernoulli', () => checkMoments(new Bernoulli({ probs: [0.2, 0.7] }), 4));
  it('Poisson (inversion below λ = 10, PTRS above)', () => checkMoments(new Poisson([0.7, 4, 25, 300]), 5));
  it('NegativeBinomial', () => checkMoments(new NegativeBinomial({ totalCount: [2, 0.5, 10], probs: [0.3, 0.8, 0.5] }), 6));
  it('Gamma (α below and above 1)', () => checkMoments(new Gamma([0.3, 2.5, 40], [1, 2, 0.5]), 7));
  it('Beta', () => checkMoments(new Beta([0.5, 2, 0.2], [0.5, 5, 3]), 8));
  it('Dirichlet', () =>
    checkMoments(
      new Dirichlet([
        [0.3, 1, 2],
        [5, 0.5, 0.05],
      ]),
      9,
    ));

  it('Categorical class frequencies match the probabilities (Gumbel-max)', () => {
    const probs = [0.1, 0.6, 0.3];
    const x = new Categorical({ logits: probs.map(Math.log) }).sample(createRng(10), [N]);
    expect(x.dtype).toBe('int32');
    const data = x.dataSync();
    x.dispose();
    probs.forEach((p, k) => expectFrequency(data.filter((v) => v === k).length, p, `class ${k}`));
  });

  it('RelaxedBernoulli: P(y > ½) = σ(ℓ) at any temperature', () => {
    const logits = [-1, 0.5, 2];
    const x = new RelaxedBernoulli({ temperature: 0.4, logits }).sample(createRng(11), [N]);
    const data = x.dataSync();
    x.dispose();
    logits.forEach((l, j) => {
      let count = 0;
      for (let i = 0; i < N; i++) if (data[3 * i + j] > 0.5) count++;
      expectFrequency(count, 1 / (1 + Math.exp(-l)), `logit ${l}`);
    });
  });

  it('RelaxedBernoulli: P(y ≤ u) = σ(τ·logit(u) − ℓ), which depends on the temperature τ', () => {
    // y = σ((ℓ + L)/τ) with L standard logistic, so y ≤ u exactly when L ≤ τ·logit(u) − ℓ.
    const tau = 0.5;
    const logits = [-1, 0.3, 2];
    const x = new RelaxedBernoulli({ temperature: tau, logits }).sample(createRng(13), [N]);
    const data = x.dataSync();
    x.dispose();
    for (const u of [0.1, 0.25, 0.75, 0.9]) {
      logits.forEach((l, j) => {
        let count = 0;
        for (let i = 0; i < N; i++) if (data[3 * i + j] <= u) count++;
        expectFrequency(count, 1 / (1 + Math.exp(-(tau * Math.log(u / (1 - u)) - l))), `logit ${l}, u = ${u}`);
      });
    }
  });

  it('RelaxedCategorical: samples lie on the simplex and P(argmax y = k) = πₖ', () => {
    const probs = [0.2, 0.5, 0.3];
    const x = new RelaxedCategorical({ temperature: 0.5, probs }).sample(createRng(12), [N]);
    const data = x.dataSync();
    x.dispose();
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) {
      const row = [data[3 * i], data[3 * i + 1], data[3 * i + 2]];
      expect(Math.abs(row[0] + row[1] + row[2] - 1)).toBeLessThan(1e-5);
      counts[row.indexOf(Math.max(...row))]++;
    }
    probs.forEach((p, k) => expectFrequency(counts[k], p, `class ${k}`));
  });
});

describe('sampling', () => {
  const all = (): Distribution[] => [
    new Normal(0, 1),
    new Laplace(0, 1),
    new MultivariateNormal({
      loc: [0, 0],
      scaleTril: [
        [1, 0],
        [0.5, 1],
      ],
    }),
    new Bernoulli({ logits: [0.3, -1] }),
    new Categorical({ probs: [0.2, 0.8] }),
    new Poisson([3, 30]),
    new NegativeBinomial({ totalCount: 3, logits: 0.2 }),
    new Gamma(0.5, 2),
    new Beta(2, 3),
    new Dirichlet([1, 2, 3]),
    new RelaxedBernoulli({ temperature: 0.5, probs: [0.3, 0.9] }),
    new RelaxedCategorical({ temperature: 0.5, logits: [[0, 1, 2]] }),
  ];

  it('is deterministic given the seed, differs across seeds, and has shape [...sampleShape, ...batch, ...event]', () => {
    for (const d of all()) {
      const before = tf.memory().numTensors;
      const a = d.sample(createRng(42), [4, 5]);
      const b = d.sample(createRng(42), [4, 5]);
      const c = d.sample(createRng(43), [4, 5]);
      expect(a.shape, d.name).toEqual([4, 5, ...d.batchShape, ...d.eventShape]);
      const single = d.sample(createRng(1));
      expect(single.shape, d.name).toEqual([...d.batchShape, ...d.eventShape]);
      single.dispose();
      expect(Array.from(a.dataSync()), d.name).toEqual(Array.from(b.dataSync()));
      expect(Array.from(a.dataSync()), d.name).not.toEqual(Array.from(c.dataSync()));
      tf.dispose([a, b, c]);
      expect(tf.memory().numTensors, `${d.name} leaked`).toBe(before);
    }
  });

  it('advances the rng, so consecutive draws differ', () => {
    const rng = createRng(5);
    const d = new Normal(0, 1);
    const a = d.sample(rng, [3]);
    const b = d.sample(rng, [3]);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('leaks no tensors in logProb, rsample, entropy, mean and variance, with tensor or number parameters', () => {
    const loc = tf.tensor1d([0, 1]);
    const scale = tf.tensor1d([1, 2]);
    const before = tf.memory().numTensors;
    for (const d of [new Normal(loc, scale), new Normal([0, 1], 2), new Laplace(loc, scale)]) {
      const x = d.rsample!(createRng(1), [3]);
      tf.dispose([x, d.logProb(x), d.entropy!(), d.mean!, d.variance!]);
    }
    tf.tidy(() => {
      const d = new Normal(loc, scale);
      d.logProb(d.rsample(createRng(2), [3]));
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([loc, scale]);
  });
});
