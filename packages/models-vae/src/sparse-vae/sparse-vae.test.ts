import { createRng, initBackend, splitRows } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FittedVae } from '../common/vae-fitted.js';
import { toVariables, type WeightValues } from '../nn/weights.js';
import { initSparseDecoder, sparseDecode } from './sparse-decoder.js';
import { networkLogPrior } from './sparse-vae-family.js';
import { sparseVae, sparseVaeMask } from './sparse-vae.js';
import { sparseVaeDefaults } from './sparse-vae-params.js';
import type { SparseVaeParams } from './sparse-vae-params.js';
import { sslMStep } from './ssl-prior.js';

describe('vae/sparse-vae', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('evaluates all per-feature heads in one batched pass equal to a loop over features', () => {
    const g = 4;
    const k = 3;
    const values: WeightValues = {};
    initSparseDecoder(values, createRng(1), g, k, [5, 6], Float32Array.of(0.1, -0.2, 0.3, 0));
    const w = toVariables(values);
    const zRows = [
      [0.5, -1, 2],
      [0, 0.3, -0.7],
    ];
    const batched = tf.tidy(() => sparseDecode(w, tf.tensor2d(zRows)));
    const got = Array.from(batched.dataSync());
    batched.dispose();
    // Float64 reference: out_ij = head_j · f(w_j ⊙ z_i) + b_j, f = ReLU(ReLU((·)·W0)·W1 + b1), one feature at a time.
    const relu = (v: number) => Math.max(0, v);
    const matvec = (x: number[], m: { shape: readonly number[]; values: Float32Array }, b?: Float32Array) =>
      Array.from({ length: m.shape[1] }, (_, o) => x.reduce((s, xi, i) => s + xi * m.values[i * m.shape[1] + o], b ? b[o] : 0));
    const expected: number[] = [];
    for (const z of zRows) {
      for (let j = 0; j < g; j++) {
        const masked = z.map((zk, c) => zk * values.mask.values[j * k + c]);
        const h1 = matvec(masked, values['gen.w0']).map(relu);
        const h2 = matvec(h1, values['gen.w1'], values['gen.b1'].values).map(relu);
        expected.push(h2.reduce((s, hv, q) => s + hv * values['head.w'].values[j * 6 + q], values['head.b'].values[j]));
      }
    }
    Object.values(w).forEach((v) => v.dispose());
    // float32 sums of ~10 products of size ~1: 1e-5.
    expectClose(got, expected, { rtol: 1e-5, atol: 1e-5, label: 'batched Sparse VAE decoder' });
  });

  it('puts the Gaussian prior θ ~ N(0, τ) on the decoder network weight matrices only', () => {
    const values: WeightValues = {};
    initSparseDecoder(values, createRng(3), 4, 3, [5, 6], Float32Array.of(1, 2, 3, 4));
    const w = toVariables(values);
    const state = { weights: w, input: {}, extra: {} } as never;
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => networkLogPrior(state, { ...sparseVaeDefaults, networkPriorVariance: 0.5 }).arraySync());
    const none = tf.tidy(() => networkLogPrior(state, sparseVaeDefaults).arraySync());
    expect(tf.memory().numTensors).toBe(before);
    Object.values(w).forEach((v) => v.dispose());
    // Float64: −Σ θ²/(2τ) over gen.w0, gen.w1 and head.w; not the mask W, the biases gen.b1 and head.b.
    let ss = 0;
    for (const name of ['gen.w0', 'gen.w1', 'head.w']) for (const v of values[name].values) ss += v * v;
    expect(Object.keys(values).sort()).toEqual(['gen.b1', 'gen.w0', 'gen.w1', 'head.b', 'head.w', 'mask']);
    // float32 sum of ~60 squares of size ≤ 1: relative 1e-6.
    expectClose([got], [-ss / (2 * 0.5)], { rtol: 1e-6, atol: 0, label: 'network log prior' });
    expect(none).toBe(0);
  });

  it('updates the inclusion rates in closed form after every step and exports W, p* and η', async () => {
    const { data } = sparseVaeSim({ n: 200, rho: 0.4, seed: 2 });
    const registry = createRegistry().register(vi, sparseVae);
    const before = tf.memory().numTensors;
    const fitted = (await registry
      .create('vae/sparse-vae', { epochs: 4, klWarmupEpochs: 0 })
      .fit(splitRows(data, 'train'), { seed: 1 })) as FittedVae<SparseVaeParams>;
    const mask = sparseVaeMask(fitted);
    const inclusion = fitted.state.extra.inclusion as Float64Array;
    const eta = fitted.state.extra.eta as Float64Array;
    expect(mask.loadings).toHaveLength(7);
    expect(mask.loadings[0]).toHaveLength(5);
    expect(mask.features).toEqual(data.columns);
    // The last step's M-step: η = (Σ_j p*_jk + a − 1) / (a + b + G − 2) with a = 1, b = G = 7, in float64.
    expectClose(eta, sslMStep(inclusion, 7, 5, { a: 1, b: 7 }), { rtol: 1e-12, atol: 0, label: 'η after the last step' });
    // p* started at 0.5 everywhere: after the E-steps it has moved.
    expect(inclusion.some((p) => Math.abs(p - 0.5) > 1e-3)).toBe(true);
    expect(mask.inclusion.flat()).toEqual(Array.from(inclusion));
    const report = fitted.report(data);
    expect(report.plots.map((p) => p.title)).toEqual(
      expect.arrayContaining(['Decoder mask W (features × factors)', 'Inclusion probabilities p* = P(γ = 1 | W, η)']),
    );
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
