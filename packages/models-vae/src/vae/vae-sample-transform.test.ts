import { initBackend, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry, type SavedModel } from '@latentkit/registry';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LikelihoodKind } from '../common/likelihood.js';
import type { FittedVae } from '../common/vae-fitted.js';
import type { NestedNumbers } from '../nn/weights.js';
import { vae } from './vae.js';

// Fixed weights, rows and posterior means: tooling/reference/vae_objective_reference.py (torch 1.13, float64).
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/vae-objective.json', import.meta.url)), 'utf8'));
const registry = createRegistry().register(vae, vi);

const dense = (rows: number[][]): DenseDataset => ({
  kind: 'dense',
  nRows: rows.length,
  nCols: rows[0].length,
  values: Float64Array.from(rows.flat()),
  columns: rows[0].map((_, j) => `x${j + 1}`),
});

/**
 * A `vae/vae` model file with the given weights: a one-epoch fit on `data` gives the file (and the encoder input
 * transform of `data`), whose weights are then replaced, and the registry loads it back as a user's file would be.
 */
async function withWeights(data: DenseDataset, params: Record<string, unknown>, weights: Record<string, NestedNumbers>): Promise<FittedVae> {
  const fitted = (await registry.create('vae/vae', { epochs: 1, batchSize: data.nRows, ...params }).fit(data, { seed: 0 })) as unknown as FittedVae;
  const saved = JSON.parse(JSON.stringify(fitted.toJSON())) as SavedModel & { state: { weights: Record<string, NestedNumbers> } };
  fitted.dispose();
  expect(Object.keys(weights).sort()).toEqual(Object.keys(saved.state.weights).sort());
  saved.state.weights = weights;
  return registry.load(saved) as unknown as FittedVae;
}

/** Column means and the covariance (divisor n) of row-major n × d values, in float64. */
function moments(v: Float64Array, n: number, d: number): { mean: number[]; cov: number[][] } {
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i * d + j];
    return s / n;
  });
  const cov = mean.map((_, j) =>
    mean.map((_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (v[i * d + j] - mean[j]) * (v[i * d + k] - mean[k]);
      return s / n;
    }),
  );
  return { mean, cov };
}

// A decoder that is linear in z although its hidden layer has a ReLU: h = ReLU(z·[I, −I]) = (z⁺, z⁻), and
// h·[W; −W] + b = (z⁺ − z⁻)·W + b = z·W + b. Then x = z·W + b + σ∘ε with z ~ N(0, I), so the closed forms are
// E[x] = b and Cov[x] = WᵀW + diag(σ²) (Gaussian), and E[x_j] = exp(b_j + ½‖W_·j‖²) (Poisson, log-normal rate).
const K = 2;
const W = [
  [0.8, -0.5, 0.3],
  [0.2, 0.6, -0.9],
];
const B = [1.5, -0.5, 0.25];
const LOG_SIGMA = [-0.7, 0.1, -1.2];
const D = B.length;
const linearDecoder = (w: number[][], b: number[]): Record<string, NestedNumbers> => ({
  'dec.w0': Array.from({ length: K }, (_, a) => Array.from({ length: 2 * K }, (_, h) => (h === a ? 1 : h === a + K ? -1 : 0))),
  'dec.b0': new Array(2 * K).fill(0),
  'dec.w1': [...w, ...w.map((r) => r.map((v) => -v))],
  'dec.b1': b,
});
const encoder = (d: number): Record<string, NestedNumbers> => ({
  'enc.w0': Array.from({ length: d }, (_, j) => Array.from({ length: 2 * K }, (_, h) => ((j + 2 * h) % 3) - 1)),
  'enc.b0': new Array(2 * K).fill(0.1),
  'enc.w1': Array.from({ length: 2 * K }, (_, h) => Array.from({ length: 2 * K }, (_, a) => (h === a ? 0.5 : 0))),
  'enc.b1': new Array(2 * K).fill(0),
});
const N_DRAWS = 50_000;

describe('vae/vae transform and sample on fixed weights', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it.each(['gaussian', 'bernoulli', 'poisson', 'negative-binomial'] as LikelihoodKind[])(
    'transform gives the encoder mean μ_φ(x) that torch computes on the same weights and rows (%s input transform)',
    async (kind) => {
      const c = fixture.objective[kind] as { x: number[][]; weights: Record<string, NestedNumbers>; loc: number[][] };
      const before = tf.memory().numTensors;
      const model = await withWeights(dense(c.x), { likelihood: kind, latentDim: 3, hiddenUnits: [4] }, c.weights);
      const z = model.transform(dense(c.x));
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect([z.nRows, z.nCols]).toEqual([c.x.length, 3]);
      // Two float32 dense layers of width ≤ 6 on inputs of size ≤ 3: a few ulps of values of size ≤ 2.
      expectClose(z.values, c.loc.flat(), { rtol: 1e-5, atol: 1e-5, label: `${kind}: transform` });
    },
  );

  it(`sample draws z from N(0, I): ${N_DRAWS} rows have the closed-form mean b and covariance WᵀW + diag σ² within 4 standard errors (Gaussian)`, async () => {
    const data = dense(Array.from({ length: 10 }, (_, i) => [i % 3, (i * 7) % 5, (i * i) % 4]));
    const model = await withWeights(
      data,
      { likelihood: 'gaussian', latentDim: K, hiddenUnits: [2 * K] },
      {
        ...encoder(D),
        ...linearDecoder(W, B),
        'lik.logScale': LOG_SIGMA,
      },
    );
    const x = model.sample(N_DRAWS, 5);
    model.dispose();
    expect([x.nRows, x.nCols]).toEqual([N_DRAWS, D]);
    const { mean, cov } = moments(x.values, N_DRAWS, D);
    const sigma = Array.from({ length: D }, (_, j) =>
      Array.from({ length: D }, (_, k) => W.reduce((s, r) => s + r[j] * r[k], 0) + (j === k ? Math.exp(2 * LOG_SIGMA[j]) : 0)),
    );
    for (let j = 0; j < D; j++) {
      // Standard errors of a Gaussian sample: Var(x̄_j) = Σ_jj/n, Var(S_jk) ≈ (Σ_jj·Σ_kk + Σ_jk²)/n.
      expect(Math.abs(mean[j] - B[j])).toBeLessThan(4 * Math.sqrt(sigma[j][j] / N_DRAWS));
      for (let k = 0; k < D; k++)
        expect(Math.abs(cov[j][k] - sigma[j][k]), `Cov[${j}, ${k}]`).toBeLessThan(4 * Math.sqrt((sigma[j][j] * sigma[k][k] + sigma[j][k] ** 2) / N_DRAWS));
    }
  });

  it(`sample of a Poisson VAE has the log-normal-rate means exp(b + ½‖W_·j‖²) and variances within 4 standard errors (${N_DRAWS} rows)`, async () => {
    const data = dense(Array.from({ length: 10 }, (_, i) => [i % 3, (i * 7) % 5, (i * i) % 4]));
    const w = W.map((r) => r.map((v) => v / 2));
    const model = await withWeights(data, { likelihood: 'poisson', latentDim: K, hiddenUnits: [2 * K] }, { ...encoder(D), ...linearDecoder(w, B) });
    const x = model.sample(N_DRAWS, 6);
    model.dispose();
    const { mean, cov } = moments(x.values, N_DRAWS, D);
    for (let j = 0; j < D; j++) {
      const s2 = w.reduce((s, r) => s + r[j] ** 2, 0);
      const m = Math.exp(B[j] + s2 / 2);
      // x_j | z ~ Poisson(e^η), η ~ N(b_j, s²): Var[x_j] = m + m²(e^{s²} − 1); E[(x − m)⁴] is bounded by a few m⁴, so the
      // variance's standard error is taken as √((E[(x − m)⁴] − Var²)/n) with the sample's own fourth moment.
      const variance = m + m * m * (Math.exp(s2) - 1);
      let m4 = 0;
      for (let i = 0; i < N_DRAWS; i++) m4 += (x.values[i * D + j] - mean[j]) ** 4 / N_DRAWS;
      expect(Math.abs(mean[j] - m), `E[x_${j + 1}]`).toBeLessThan(4 * Math.sqrt(variance / N_DRAWS));
      expect(Math.abs(cov[j][j] - variance), `Var[x_${j + 1}]`).toBeLessThan(4 * Math.sqrt((m4 - cov[j][j] ** 2) / N_DRAWS));
    }
  });
});
