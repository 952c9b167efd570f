#!/usr/bin/env node
// latentkit side of the `sparse-vae-synthetic` benchmark (protocol: README.md): time of a 200-epoch fit of
// vae/sparse-vae (defaults of the reference simulation: K = 5, hidden [50, 50], batch 100, Adam 0.01, λ0 = 10,
// λ1 = 1, a = 1, b = G) on the 800 training rows of the Sparse VAE simulation (N = 1000, G = 7, ρ = 0.4, seed 1),
// fitted by `inference/vi` with the spike-and-slab E- and M-steps after every step.
// One untimed 2-epoch warm-up fit, then max(1, round(repeats / 5)) timed 200-epoch fits.
import { createRng, initBackend, splitRows } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { sparseVae } from '@latentkit/models-vae';
import { createRegistry, validateParams } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { sized } from './smoke.mjs';
import { benchImport, encodeRow, klRow, median, timeEpochs, weightsJson } from './vae-bench-common.mjs';

const [dataFile, initFile, repeatsArg = '5'] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/sparse-vae-synthetic.mjs <data.bin> <init.json> [repeats]');
  process.exit(2);
}
const fits = Math.max(1, Math.round(Number(repeatsArg) / 5));
const seed = 0;
const params = { ...sparseVae.defaults, objectiveScaling: 'per-sample', epochs: sized(200, 2) };

const backend = await initBackend();
const { vi } = await benchImport('@latentkit/inference');
const train = splitRows(sparseVaeSim({ n: 1000, rho: 0.4, seed: 1 }).data, 'train');
const { nRows: n, nCols: d } = train;
writeFileSync(dataFile, new Uint8Array(train.values.buffer, train.values.byteOffset, train.values.byteLength));

const model = sparseVae.create(validateParams('vae/sparse-vae', sparseVae.params, sparseVae.defaults, params));
const terms = model.terms.vi;
const prepared = terms.prepare(train);
const state = terms.init(prepared, createRng(seed));
const weights = weightsJson(state);
const input = { shift: Array.from(state.input.shift), scale: Array.from(state.input.scale) };
const extra = { eta: Array.from(state.extra.eta), inclusion: Array.from(state.extra.inclusion), noisePriorScale: state.extra.noisePriorScale };
tf.dispose(Object.values(state.weights));

// Check value: mean over rows of log p(x | z = μ(x)) − KL at the initial weights, float64.
const k = params.latentDim;
const mask = weights.mask.values;
const logScaleX = weights['lik.logScale'].values;
let check = 0;
for (let i = 0; i < n; i++) {
  const x = train.values.subarray(i * d, (i + 1) * d);
  const xEnc = Array.from(x, (v, j) => (v - input.shift[j]) / input.scale[j]);
  const { loc, logScale } = encodeRow(weights, xEnc, k);
  let ll = 0;
  for (let j = 0; j < d; j++) {
    const masked = loc.map((z, c) => z * mask[j * k + c]);
    let h = masked;
    for (let l = 0; weights[`gen.w${l}`]; l++) {
      const w = weights[`gen.w${l}`];
      const b = weights[`gen.b${l}`];
      const out = new Float64Array(w.shape[1]);
      for (let o = 0; o < out.length; o++) {
        let s = b ? b.values[o] : 0;
        for (let q = 0; q < w.shape[0]; q++) s += h[q] * w.values[q * w.shape[1] + o];
        out[o] = Math.max(0, s);
      }
      h = out;
    }
    let mean = weights['head.b'].values[j];
    const hw = weights['head.w'];
    for (let q = 0; q < h.length; q++) mean += h[q] * hw.values[j * hw.shape[1] + q];
    const s = logScaleX[j];
    ll += -0.5 * ((x[j] - mean) / Math.exp(s)) ** 2 - s - 0.5 * Math.log(2 * Math.PI);
  }
  check += (ll - klRow(loc, logScale)) / n;
}
writeFileSync(initFile, JSON.stringify({ n, d, dtype: 'float64', params, seed, weights, input, extra }));

const registry = createRegistry().register(vi, sparseVae);
await timeEpochs(registry, 'vae/sparse-vae', { ...params, epochs: 2 }, train, seed);
const runs = [];
for (let f = 0; f < fits; f++) runs.push(await timeEpochs(registry, 'vae/sparse-vae', params, train, seed));
const fitMs = runs.map((r) => r.epochMs.reduce((a, b) => a + b, 0));
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k,
    msPerIter: median(fitMs),
    msPerEpoch: median(runs.flatMap((r) => r.epochMs.slice(1))),
    msPerStep: median(runs.flatMap((r) => r.epochMs.slice(1))) / Math.ceil(n / params.batchSize),
    meanLogLik: check,
    trainElboAfter: runs[0].trainElbo,
    epochs: params.epochs,
    fits,
    backend: backend.name,
  }),
);
