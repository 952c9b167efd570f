import { bernoulliLogProb, initBackend, lgamma } from '@latentkit/core';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { klRows } from './latent-kl.js';
import { countLogNormalizer, likelihoodMean, LOG_SCALE, LOG_TOTAL_COUNT, logLikRows, type LikelihoodKind } from './likelihood.js';

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

// Reference values: tooling/reference/vae_objective_reference.py, `logProb` (scipy 1.10 stats, float64).
const grids = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/vae-objective.json', import.meta.url)), 'utf8')).logProb;

interface Grid {
  readonly x: number[];
  readonly logProb: number[];
  readonly mean?: number[];
  readonly logScale?: number[];
  readonly logit?: number[];
  readonly logRate?: number[];
  readonly logTotalCount?: number[];
}

/**
 * The model's per-row log-likelihood (`logLikRows`, data constant from `countLogNormalizer`) at each grid point, one
 * row of one feature per point, grouped by the per-feature parameter (log σ or log r).
 */
function modelLogProb(kind: LikelihoodKind, g: Grid): Float64Array {
  const out = kind === 'gaussian' ? g.mean! : kind === 'bernoulli' ? g.logit! : kind === 'poisson' ? g.logRate! : g.logit!;
  const param = kind === 'gaussian' ? g.logScale! : kind === 'negative-binomial' ? g.logTotalCount! : g.x.map(() => 0);
  const got = new Float64Array(g.x.length);
  for (const p of new Set(param)) {
    const idx = param.flatMap((q, i) => (q === p ? [i] : []));
    const xs = Float64Array.from(idx, (i) => g.x[i]);
    const name = kind === 'gaussian' ? LOG_SCALE : kind === 'negative-binomial' ? LOG_TOTAL_COUNT : null;
    const w = name ? { [name]: tf.tidy(() => tf.variable(tf.tensor1d([p]))) } : {};
    const counts = kind === 'poisson' || kind === 'negative-binomial';
    const rows = tf.tidy(() =>
      logLikRows(
        kind,
        w,
        tf.tensor2d(
          Float32Array.from(idx, (i) => out[i]),
          [idx.length, 1],
        ),
        tf.tensor2d(Float32Array.from(xs), [idx.length, 1]),
        counts ? tf.tensor1d(countLogNormalizer(xs, idx.length, 1)) : null,
      ),
    );
    rows.dataSync().forEach((v, k) => (got[idx[k]] = v));
    tf.dispose([rows, ...Object.values(w)]);
  }
  return got;
}

const logSigmoid = (l: number) => Math.min(l, 0) - Math.log1p(Math.exp(-Math.abs(l)));

/** Σ|terms| of each log-probability in float64: the size float32 rounding errors scale with. */
function termSize(kind: LikelihoodKind, g: Grid, i: number): number {
  const x = g.x[i];
  if (kind === 'gaussian') return 0.5 * Math.log(2 * Math.PI) + Math.abs(g.logScale![i]) + 0.5 * ((x - g.mean![i]) / Math.exp(g.logScale![i])) ** 2;
  if (kind === 'bernoulli') return Math.abs(x * g.logit![i]) - logSigmoid(-Math.abs(g.logit![i])) + Math.max(g.logit![i], 0);
  if (kind === 'poisson') return Math.abs(x * g.logRate![i]) + Math.exp(g.logRate![i]) + lgamma(x + 1);
  const r = Math.exp(g.logTotalCount![i]);
  const l = g.logit![i];
  return Math.abs(lgamma(r + x)) + Math.abs(lgamma(r)) + lgamma(x + 1) - r * logSigmoid(-l) - x * logSigmoid(l);
}

describe('likelihood log-probabilities against scipy.stats on grids with edge values', () => {
  beforeAll(async () => {
    await initBackend();
  });

  // Grids: Gaussian x, μ up to 1e3 and log σ from −5 to 3 (343 points); Bernoulli x ∈ {0, 1}, logits ±30 (14);
  // Poisson counts 0 to 1000, log rates −10 to 7 (49); negative binomial counts 0 to 1000, logits −8 to 3, log r −3 to 4
  // (175), scipy's nbinom(x; n = r, p = σ(−ℓ)), whose mean r·e^ℓ is the model's.
  // Tolerance from float32: each log-probability is a sum of a few terms (x·η, e^η, log Γ, z²/2, …) each correct to a few
  // ulps (u = 2⁻²⁴ ≈ 6e-8), log Γ in float32 to about 1e-6 relative (core/special), and the terms cancel (Poisson at
  // x = 1000, η = 7: 7000 − 1097 − 5912 = −8.7), so the bound is relative to Σ|terms|: 4e-6·(1 + Σ|terms|). Observed at most
  // 3.2e-7·(1 + Σ|terms|) (negative binomial; 1.6e-7 Gaussian, 9e-8 Poisson, 2e-8 Bernoulli; wasm and cpu alike).
  it.each(['gaussian', 'bernoulli', 'poisson', 'negative-binomial'] as const)('evaluates the %s log-probability like scipy.stats', (kind) => {
    const g = grids[kind] as Grid;
    const before = tf.memory().numTensors;
    const got = modelLogProb(kind, g);
    expect(tf.memory().numTensors).toBe(before);
    expect(got.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < got.length; i++)
      expectClose(got[i], g.logProb[i], { rtol: 0, atol: 4e-6 * (1 + termSize(kind, g, i)), label: `${kind} at point ${i}` });
  });

  it("parametrises the negative binomial by logit ℓ and total count r with mean r·e^ℓ, as scipy's nbinom(r, σ(−ℓ))", () => {
    const g = grids['negative-binomial'] as Grid;
    const r = tf.variable(tf.tensor1d(g.logTotalCount!.slice(0, 5)));
    const means = tf.tidy(() => likelihoodMean('negative-binomial', { [LOG_TOTAL_COUNT]: r }, tf.tensor2d(g.logit!.slice(0, 5), [1, 5])));
    // The grid's first 5 points have x = 0, logit −8, log r −3 … 4: scipy's means of the same 5 (r, ℓ).
    expectClose(Array.from(means.dataSync()), g.mean!.slice(0, 5), { rtol: 1e-6, label: 'negative-binomial mean' });
    tf.dispose([r, means]);
  });
});

function lfact(v: number): number {
  let s = 0;
  for (let i = 2; i <= v; i++) s += Math.log(i);
  return s;
}
