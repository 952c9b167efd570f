import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Gamma } from './gamma.js';
import { klDivergence } from './kl.js';
import { Laplace } from './laplace.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { NegativeBinomial } from './negative-binomial.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { RelaxedBernoulli } from './relaxed-bernoulli.js';
import { RelaxedCategorical } from './relaxed-categorical.js';

// Reference values from tooling/reference/distributions_reference.py (torch.distributions 1.13, float64).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/distributions.json', import.meta.url), 'utf8'));

interface Case {
  dist: string;
  params: Record<string, any>;
  value: any;
  logProb: any;
  entropy: any;
  mean: any;
  variance: any;
}

function build(name: string, p: Record<string, any>): Distribution {
  switch (name) {
    case 'Normal':
      return new Normal(p.loc, p.scale);
    case 'MultivariateNormal':
      return new MultivariateNormal({ loc: p.loc, scaleTril: p.scaleTril });
    case 'Bernoulli':
      return new Bernoulli(p.logits !== undefined ? { logits: p.logits } : { probs: p.probs });
    case 'Categorical':
      return new Categorical(p.logits !== undefined ? { logits: p.logits } : { probs: p.probs });
    case 'Poisson':
      return new Poisson(p.rate);
    case 'NegativeBinomial':
      return new NegativeBinomial(p.logits !== undefined ? { totalCount: p.totalCount, logits: p.logits } : { totalCount: p.totalCount, probs: p.probs });
    case 'Dirichlet':
      return new Dirichlet(p.concentration);
    case 'Beta':
      return new Beta(p.a, p.b);
    case 'Gamma':
      return new Gamma(p.concentration, p.rate);
    case 'Laplace':
      return new Laplace(p.loc, p.scale);
    case 'RelaxedBernoulli':
    case 'LogitRelaxedBernoulli':
      return new RelaxedBernoulli(p.logits !== undefined ? { temperature: p.temperature, logits: p.logits } : { temperature: p.temperature, probs: p.probs });
    case 'RelaxedCategorical':
    case 'ExpRelaxedCategorical':
      return new RelaxedCategorical(p.logits !== undefined ? { temperature: p.temperature, logits: p.logits } : { temperature: p.temperature, probs: p.probs });
  }
  throw new Error(`unknown distribution ${name}`);
}

function logProbOf(c: Case, d: Distribution, value: tf.Tensor): tf.Tensor {
  if (c.dist === 'LogitRelaxedBernoulli') return (d as RelaxedBernoulli).logitLogProb(value);
  if (c.dist === 'ExpRelaxedCategorical') return (d as RelaxedCategorical).logProbLog(value);
  return d.logProb(value);
}

/**
 * float32 against float64: allclose with rtol = atol = 1e-5. The absolute part covers results near 0 that are
 * differences of O(10) terms (e.g. Bernoulli ℓ − softplus(ℓ) at ℓ = 12), where float32 rounding (1.2e-7 per
 * operation) leaves errors of a few 1e-6.
 */
function expectAllClose(t: tf.Tensor, want: any, what: string, rtol = 1e-5, atol = 1e-5): void {
  const wantTensor = tf.tensor(want);
  expect(t.shape, `${what}: shape`).toEqual(wantTensor.shape);
  const got = t.dataSync();
  const exp = wantTensor.dataSync();
  wantTensor.dispose();
  t.dispose();
  for (let i = 0; i < exp.length; i++) {
    expect(Math.abs(got[i] - exp[i]), `${what}[${i}]: ${got[i]} vs torch ${exp[i]}`).toBeLessThanOrEqual(rtol * Math.abs(exp[i]) + atol);
  }
}

beforeAll(async () => {
  await initBackend();
});

describe('distributions against torch.distributions', () => {
  const cases = ref.cases as Case[];

  it.each(cases.map((c, i) => [`${c.dist} #${i}`, c] as const))('%s: logProb matches torch', (_, c) => {
    const before = tf.memory().numTensors;
    const d = build(c.dist, c.params);
    const value = c.dist === 'Categorical' ? tf.tensor(c.value, undefined, 'int32') : tf.tensor(c.value);
    expectAllClose(logProbOf(c, d, value), c.logProb, `${c.dist}.logProb`);
    value.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(cases.filter((c) => c.entropy !== null).map((c) => [c.dist, c] as const))('%s: entropy matches torch', (_, c) => {
    const before = tf.memory().numTensors;
    const d = build(c.dist, c.params);
    expectAllClose(d.entropy!(), c.entropy, `${c.dist}.entropy`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(cases.filter((c) => c.mean !== null).map((c) => [c.dist, c] as const))('%s: mean and variance match torch', (_, c) => {
    const before = tf.memory().numTensors;
    const d = build(c.dist, c.params);
    expectAllClose(d.mean!, c.mean, `${c.dist}.mean`);
    expectAllClose(d.variance!, c.variance, `${c.dist}.variance`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each((ref.kl as { dist: string; p: any; q: any; kl: any }[]).map((c) => [c.dist, c] as const))(
    '%s: klDivergence matches torch.distributions.kl_divergence',
    (_, c) => {
      const before = tf.memory().numTensors;
      expectAllClose(klDivergence(build(c.dist, c.p), build(c.dist, c.q)), c.kl, `KL(${c.dist})`);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
