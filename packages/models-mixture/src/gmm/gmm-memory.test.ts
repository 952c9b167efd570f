import { initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
// @latentkit/datasets is not a devDependency of this package yet; the generator is imported from its source.
import { gaussianMixture } from '../../../datasets/src/synthetic/gaussian-mixture.js';
import { gmm } from './gaussian-mixture.js';
import { disposeGmmData, prepareGmmData } from './gmm-data.js';
import type { FittedGmm } from './gmm-fitted.js';
import { ROW_BLOCK } from './gmm-stats.js';

// Memory of a fit, counted in tensor bytes (deterministic, unlike resident memory): on the wasm backend the heap never
// shrinks, so the peak of live tensor bytes during a fit is what the process keeps for good. Issue #14: a fit of
// 800,000 × 10 rows peaked at 2.2 GB, mostly N×KD float32 intermediates of scoring and N×K ones of k-means.
const D = 10;
const K = 16;

function data(n: number, seed = 3): DenseDataset {
  return gaussianMixture({ n, d: D, k: K, separation: 1, seed }).data;
}

/** The peak of live tensor bytes (above those live before) over a one-thread fit of `ds` (the blocks in this thread) with k-means initialisation and scoring. */
async function peakBytes(ds: DenseDataset): Promise<number> {
  const registry = createRegistry().register(gmm, em);
  const info = await tf.profile(async () => {
    const fitted = (await registry
      .create('mixture/gmm', { nComponents: K, covarianceType: 'full' })
      .fit(ds, { seed: 0, maxIter: 2, tol: 0, threads: 1 })) as FittedGmm;
    fitted.score(ds);
    fitted.predict(ds);
    fitted.dispose();
    return [];
  });
  return info.peakBytes;
}

describe('mixture/gmm memory', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('keeps each complete row twice in float32 (the E-step blocks and their transposes) and nothing else of size N', () => {
    const n = 2 * ROW_BLOCK + 123;
    const before = tf.memory();
    const p = prepareGmmData(data(n));
    const added = tf.memory().numBytes - before.numBytes;
    expect(added).toBe(2 * n * (D + 1) * 4);
    expect(p.blocks.length).toBe(3);
    disposeGmmData(p);
    expect(tf.memory().numTensors).toBe(before.numTensors);
  });

  it('grows the peak of tensor bytes of a fit by at most (2(D + 1) + K)·4 bytes per row, not by N×KD intermediates', async () => {
    // Row counts in whole blocks, so that the per-block temporaries are the same at both sizes and cancel.
    const n1 = 3 * ROW_BLOCK;
    const n2 = 6 * ROW_BLOCK;
    const p1 = await peakBytes(data(n1));
    const p2 = await peakBytes(data(n2));
    const perRow = (p2 - p1) / (n2 - n1);
    // Blocks and their transposes, and the E-step's responsibilities (N×K float32) kept for the float64 refinement.
    const allowed = (2 * (D + 1) + K) * 4;
    expect(perRow).toBeGreaterThan(2 * (D + 1) * 4 - 1);
    expect(perRow).toBeLessThanOrEqual(allowed + 4);
  });
});
