import { bernoulliLogProb, initBackend } from '@latentkit/core';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { klRows } from './latent-kl.js';
import { LOG_SCALE, LOG_TOTAL_COUNT, logLikRows } from './likelihood.js';

// Reference values: tooling/reference/vae_reference.py (torch 1.13, float64).
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/vae.json', import.meta.url)), 'utf8'));

const t2 = (rows: number[][]) => tf.tensor2d(rows);
const read = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('likelihood heads and Gaussian KL against torch', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('evaluates the stable Bernoulli log-likelihood and its gradient σ(l) − x like BCEWithLogits', () => {
    const f = fixture.bernoulli;
    const before = tf.memory().numTensors;
    const logits = t2(f.logits);
    const x = t2(f.x);
    const ll = read(tf.tidy(() => bernoulliLogProb(x, logits)));
    const grad = read(tf.tidy(() => tf.grad((l: tf.Tensor) => tf.sum(bernoulliLogProb(x, l)))(logits)));
    tf.dispose([logits, x]);
    // float32: relative 1e-6 of values up to 40 nats; log1p of e^(−|l|) < 6e-8 may round to 0 on wasm, so atol 1e-7.
    expectClose(ll, f.logLik.flat(), { rtol: 2e-6, atol: 1e-7, label: 'Bernoulli log-likelihood' });
    expectClose(grad, f.gradLogits.flat(), { rtol: 1e-6, atol: 1e-7, label: 'd log p / d logits' });
    expect(ll.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sums the Gaussian log-density with a per-feature σ over features', () => {
    const f = fixture.gaussian;
    const w = { [LOG_SCALE]: tf.variable(tf.tensor1d(f.logScale)) };
    const got = read(logLikRows('gaussian', w, t2(f.mean), t2(f.x), null));
    w[LOG_SCALE].dispose();
    // float32 sums of 5 terms of size ~1: 1e-5 relative.
    expectClose(got, f.logLikRows, { rtol: 1e-5, atol: 1e-5, label: 'Gaussian log-likelihood rows' });
  });

  it('sums the Poisson log-mass with the data constant −log x! supplied per row', () => {
    const f = fixture.poisson;
    const logNorm = tf.tensor1d((f.x as number[][]).map((r) => -r.reduce((s, v) => s + lfact(v), 0)));
    const got = read(logLikRows('poisson', {}, t2(f.logRate), t2(f.x), logNorm));
    logNorm.dispose();
    expectClose(got, f.logLikRows, { rtol: 1e-5, atol: 1e-5, label: 'Poisson log-likelihood rows' });
  });

  it("matches torch's NegativeBinomial(totalCount r, logits) log-mass and its gradient in log r", () => {
    const f = fixture.negativeBinomial;
    const logR = tf.variable(tf.tensor1d(f.logTotalCount));
    const logNorm = tf.tensor1d((f.x as number[][]).map((r) => -r.reduce((s, v) => s + lfact(v), 0)));
    const x = t2(f.x);
    const logits = t2(f.logits);
    const got = read(logLikRows('negative-binomial', { [LOG_TOTAL_COUNT]: logR }, logits, x, logNorm));
    const { grads } = tf.variableGrads(() => tf.sum(logLikRows('negative-binomial', { [LOG_TOTAL_COUNT]: logR }, logits, x, logNorm)) as tf.Scalar, [logR]);
    const grad = read(grads[logR.name]);
    tf.dispose([logR, logNorm, x, logits]);
    // lgammaT is accurate to ~1e-6 relative in float32 (core/special): 1e-5 on sums of 5 terms.
    expectClose(got, f.logLikRows, { rtol: 1e-5, atol: 1e-5, label: 'negative-binomial log-likelihood rows' });
    expectClose(grad, f.gradLogTotalCount, { rtol: 1e-4, atol: 1e-4, label: 'd log p / d log r' });
  });

  it('computes KL(N(μ, σ²) ‖ N(0, I)) and KL between diagonal Gaussians per row', () => {
    const a = fixture.klStandardNormal;
    expectClose(read(klRows(t2(a.loc), t2(a.logScale))), a.kl, { rtol: 1e-5, atol: 1e-6, label: 'KL to N(0, I)' });
    const b = fixture.klGaussian;
    expectClose(read(klRows(t2(b.locQ), t2(b.logScaleQ), t2(b.locP), t2(b.logScaleP))), b.kl, { rtol: 1e-5, atol: 1e-6, label: 'KL between Gaussians' });
  });
});

function lfact(v: number): number {
  let s = 0;
  for (let i = 2; i <= v; i++) s += Math.log(i);
  return s;
}
