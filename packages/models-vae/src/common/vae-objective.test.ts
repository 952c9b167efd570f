import { createRng, initBackend, logSumExp, normalRsample, type DenseDataset } from '@latentkit/core';
import { klWeightAt } from '@latentkit/inference';
import type { GradientEstimator, ModelPlugin, ViContext } from '@latentkit/registry';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mwsDecomposition } from '../beta-tcvae/mws.js';
import { betaTcvae } from '../beta-tcvae/beta-tcvae.js';
import { mlp } from '../nn/mlp.js';
import { toVariables, type WeightValues, type Weights } from '../nn/weights.js';
import { betaVae, vae } from '../vae/vae.js';
import { encodeGaussian, repeatRows } from './gaussian-vae-parts.js';
import { klRows } from './latent-kl.js';
import { logLikRows, type LikelihoodKind } from './likelihood.js';
import type { VaeState } from './vae-family.js';
import type { VaeCommonParams } from './vae-params.js';
import type { VaeData } from './vae-data.js';
import { sliceBatch } from './vae-data.js';

// Reference values: tooling/reference/vae_objective_reference.py (torch 1.13, float64): a 5-4-(2·3) encoder and a
// 3-4-5 decoder with fixed weights, 8 fixed rows and fixed draws eps, per likelihood.
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/vae-objective.json', import.meta.url)), 'utf8'));

interface Case {
  readonly x: number[][];
  readonly weights: Record<string, number[] | number[][]>;
  readonly eps: number[][];
  readonly loc: number[][];
  readonly logScale: number[][];
  readonly z: number[][];
  readonly logLikRows: number[];
  readonly klRows: number[];
  readonly logLikAbsRows: number[];
  readonly klAbsRows: number[];
  readonly betas: { beta: number; loss: number; elbo: number }[];
}

const KINDS: LikelihoodKind[] = ['gaussian', 'bernoulli', 'poisson', 'negative-binomial'];
const { n: N, hidden: H, latent: K } = fixture.sizes as { n: number; hidden: number; latent: number };

// Tolerance from float32: every compared value is a sum of terms that each come out of at most ~64 float32 roundings
// (two dense layers of width ≤ 6, exp/log, the likelihood's few operations, a sum over 5 features or 3 latents), so
// its error is at most about 64·u·Σ|terms| with u = 2⁻²⁴ ≈ 6e-8, i.e. 3.8e-6 of Σ|terms| (the fixture stores Σ|terms|
// per row). The bound used is 1e-5·(1 + Σ|terms|); observed at most 6.6e-7 of it (wasm). A KL weighted by 2 instead of
// β, or a TC weighted by β twice, moves these values by whole nats.
const REL = 1e-5;
const closeRows = (got: ArrayLike<number>, want: number[], abs: number[], label: string) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expectClose(got[i], want[i], { rtol: 0, atol: REL * (1 + abs[i]), label: `${label}, row ${i + 1}` });
};
const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;

const dataOf = (c: Case): DenseDataset => ({
  kind: 'dense',
  nRows: c.x.length,
  nCols: c.x[0].length,
  values: Float64Array.from(c.x.flat()),
  columns: c.x[0].map((_, j) => `x${j + 1}`),
});

const weightValues = (c: Case): WeightValues =>
  Object.fromEntries(
    Object.entries(c.weights).map(([name, v]) => {
      const shape = Array.isArray(v[0]) ? [v.length, (v[0] as number[]).length] : [v.length];
      return [name, { shape, values: Float32Array.from((v as (number | number[])[]).flat()) }];
    }),
  );

/** A reparameterised Gaussian sampler that uses the fixture's draws: z = loc + exp(logScale)·eps, surrogate f. */
function fixedDraws(eps: number[][]): GradientEstimator {
  return {
    key: 'test/fixed-eps',
    pathwise: true,
    gaussian: (loc, logScale) => ({ z: tf.add(loc, tf.mul(tf.exp(logScale), tf.tensor2d(eps))), surrogate: (f) => f }),
  };
}

const contextOf = (c: Case, klWeight: number): ViContext => ({
  rng: createRng(0),
  estimator: fixedDraws(c.eps),
  klWeight,
  nParticles: 1,
  temperature: 1,
  step: 0,
  epoch: 0,
  training: true,
});

/** The plugin's `inference/vi` terms on the fixture's rows, with the fixture's weights, and the KL weight its engine defaults give. */
function setUp(plugin: ModelPlugin<VaeCommonParams, VaeState>, params: Partial<VaeCommonParams>, c: Case) {
  const p = { ...plugin.defaults, latentDim: K, hiddenUnits: [H], batchSize: N, ...params } as VaeCommonParams;
  const instance = plugin.create(p);
  const terms = instance.terms.vi!;
  const data = terms.prepare(dataOf(c)) as VaeData;
  const state: VaeState = { weights: toVariables(weightValues(c)), input: data.input, extra: {} };
  const klWeight = klWeightAt(0, 1, instance.engineDefaults!['inference/vi'] as { beta: number; klWarmupEpochs: number });
  const rows = Int32Array.from({ length: N }, (_, i) => i);
  const objective = (w: number) =>
    tf.tidy(() => {
      const o = terms.loss(state, data, rows, contextOf(c, w));
      return [o.loss.dataSync()[0], o.elbo.dataSync()[0]];
    });
  return { data, state, klWeight, objective, dispose: () => Object.values(state.weights as Weights).forEach((v) => v.dispose()) };
}

describe('the VAE family objective on fixed weights against PyTorch', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it.each(KINDS)('computes q(z | x), log p(x | z) and KL per row like torch (%s likelihood)', (kind) => {
    const c = fixture.objective[kind] as Case;
    const before = tf.memory().numTensors;
    const { data, state, dispose } = setUp(vae, { likelihood: kind }, c);
    const [loc, logScale, ll, kl] = tf.tidy(() => {
      const batch = sliceBatch(data, 0, N);
      const post = encodeGaussian(state.weights, batch.xEnc, K);
      const out = mlp(state.weights, 'dec', tf.tensor2d(c.z));
      return [post.loc, post.logScale, logLikRows(kind, state.weights, out, batch.x, batch.logNorm), klRows(post.loc, post.logScale)];
    });
    const read = (t: tf.Tensor) => Array.from(t.dataSync());
    expectClose(read(loc), c.loc.flat(), { rtol: 1e-5, atol: 1e-5, label: `${kind}: posterior means` });
    expectClose(read(logScale), c.logScale.flat(), { rtol: 1e-5, atol: 1e-5, label: `${kind}: posterior log σ` });
    closeRows(read(ll), c.logLikRows, c.logLikAbsRows, `${kind}: log p(x | z)`);
    closeRows(read(kl), c.klRows, c.klAbsRows, `${kind}: KL(q ‖ p)`);
    tf.dispose([loc, logScale, ll, kl]);
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(KINDS)('assembles the loss β·KL − log p(x | z) and the ELBO of vae/vae and vae/beta-vae at β = 1, 4, 0.25 (%s)', (kind) => {
    const c = fixture.objective[kind] as Case;
    const scale = mean(c.logLikAbsRows) + mean(c.klAbsRows);
    for (const { beta, loss, elbo } of c.betas) {
      // vae/beta-vae with `beta`: its engine defaults must give the KL weight β (no warm-up).
      const { klWeight, objective, dispose } = setUp(beta === 1 ? vae : betaVae, { likelihood: kind, beta }, c);
      expect(klWeight).toBe(beta);
      const [gotLoss, gotElbo] = objective(klWeight);
      dispose();
      expectClose(gotLoss, loss, { rtol: 0, atol: REL * (1 + beta * scale), label: `${kind}, β = ${beta}: loss` });
      expectClose(gotElbo, elbo, { rtol: 0, atol: REL * (1 + scale), label: `${kind}, β = ${beta}: ELBO` });
    }
  });

  it.each(KINDS)('evaluates the per-row ELBO, its mean and the IWAE bound from log p(x | z) and the torch KL on the same draws (%s)', (kind) => {
    const c = fixture.objective[kind] as Case;
    const S = 5;
    const { data, state, dispose } = setUp(vae, { likelihood: kind }, c);
    const terms = vae.create({ ...vae.defaults, latentDim: K, hiddenUnits: [H], batchSize: N, likelihood: kind } as VaeCommonParams).terms.vi!;
    const got = terms.evaluate(state, data, { rng: createRng(11), iwaeSamples: S });
    // The same generator, drawn in the order evaluate draws: one z per row for the ELBO, then S per row (particle-major).
    const rng = createRng(11);
    const [ll1, ll2, z2, loc, logScale] = tf.tidy(() => {
      const batch = sliceBatch(data, 0, N);
      const post = encodeGaussian(state.weights, batch.xEnc, K);
      const z1 = normalRsample(post.loc, post.logScale, rng) as tf.Tensor2D;
      const zs = normalRsample(repeatRows(post.loc, S), repeatRows(post.logScale, S), rng) as tf.Tensor2D;
      const llOf = (z: tf.Tensor2D, times: number) =>
        logLikRows(kind, state.weights, mlp(state.weights, 'dec', z), repeatRows(batch.x, times), batch.logNorm && repeatRows(batch.logNorm, times));
      return [llOf(z1, 1), llOf(zs, S), zs, post.loc, post.logScale].map((t) => Array.from(t.dataSync()));
    });
    dispose();
    // ELBO_i = log p(x_i | z_i) − KL_i, with the KL from torch; its mean over the N rows.
    const elboRows = ll1.map((v, i) => v - c.klRows[i]);
    const abs = mean(c.logLikAbsRows) + mean(c.klAbsRows);
    expectClose(got.elbo, mean(elboRows), { rtol: 0, atol: REL * (1 + abs), label: `${kind}: mean ELBO` });
    // IWAE_i = logsumexp_s [log p(x_i | z_si) + log N(z_si; 0, I) − log N(z_si; μ_i, σ_i²)] − log S, in float64 here.
    const iwaeRows = Array.from({ length: N }, (_, i) => {
      const w = Array.from({ length: S }, (_, s) => {
        let ratio = 0;
        for (let k = 0; k < K; k++) {
          const z = z2[(s * N + i) * K + k];
          const u = (z - loc[i * K + k]) / Math.exp(logScale[i * K + k]);
          ratio += -0.5 * z * z + 0.5 * u * u + logScale[i * K + k];
        }
        return ll2[s * N + i] + ratio;
      });
      return logSumExp(w) - Math.log(S);
    });
    expectClose(got.iwae!, mean(iwaeRows), { rtol: 0, atol: REL * (1 + abs), label: `${kind}: IWAE bound` });
    expect(got.iwae!).toBeGreaterThan(mean(elboRows) - 1);
  });

  it("estimates β-TCVAE's index-code MI, total correlation and dimension-wise KL by minibatch-weighted sampling like a torch implementation", () => {
    const c = fixture.objective.gaussian as Case;
    const t = fixture.tcvae as {
      nTrain: number;
      beta: number;
      mutualInformation: number[];
      totalCorrelation: number[];
      dimensionKl: number[];
      losses: { klWeight: number; loss: number }[];
      elbo: number;
    };
    const [mi, tc, dkl] = tf.tidy(() => {
      const d = mwsDecomposition(tf.tensor2d(c.z), tf.tensor2d(c.loc), tf.tensor2d(c.logScale), t.nTrain);
      return [d.mutualInformation, d.totalCorrelation, d.dimensionKl].map((v) => Array.from(v.dataSync()));
    });
    // Each term is a difference of log densities summed over 3 latents and 8 rows (logsumexp): its magnitude is that
    // of the terms themselves (|MI| + |TC| + |dimKL| per row).
    const abs = mi.map((_, i) => Math.abs(t.mutualInformation[i]) + Math.abs(t.totalCorrelation[i]) + Math.abs(t.dimensionKl[i]));
    closeRows(mi, t.mutualInformation, abs, 'index-code MI');
    closeRows(tc, t.totalCorrelation, abs, 'total correlation');
    closeRows(dkl, t.dimensionKl, abs, 'dimension-wise KL');

    const before = tf.memory().numTensors;
    const { klWeight, objective, dispose } = setUp(betaTcvae, { likelihood: 'gaussian', beta: t.beta }, c);
    // β weights the TC inside the loss; the engine's KL weight carries only the warm-up.
    expect(klWeight).toBe(1);
    const scale = mean(c.logLikAbsRows) + t.beta * mean(abs);
    for (const { klWeight: w, loss } of t.losses) {
      const [gotLoss, gotElbo] = objective(w);
      expectClose(gotLoss, loss, { rtol: 0, atol: REL * (1 + scale), label: `β-TCVAE loss at KL weight ${w}` });
      expectClose(gotElbo, t.elbo, { rtol: 0, atol: REL * (1 + mean(c.logLikAbsRows) + mean(c.klAbsRows)), label: 'β-TCVAE ELBO' });
    }
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
