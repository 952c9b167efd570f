import { createRng, initBackend, liveWorkers, type DenseDataset } from '@latentkit/core';
import { cavi, em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bayesianGmm } from '../bgm/bayesian-gmm.js';
import type { FittedBgm } from '../bgm/bgm-fitted.js';
import { gmm } from './gaussian-mixture.js';
import type { FittedGmm } from './gmm-fitted.js';
import { ROW_BLOCK } from './gmm-stats.js';
import { MIN_THREADED_ROWS } from './gmm-threads.js';

/** n rows of d columns from k well-separated Gaussians; with `duplicates`, that many copies of one point besides. */
function blobs(n: number, d: number, k: number, seed: number, duplicates = 0): DenseDataset {
  const rng = createRng(seed);
  const values = new Float64Array((n + duplicates) * d);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let j = 0; j < d; j++) values[i * d + j] = 4 * c * (j % 2 === 0 ? 1 : -1) + (1 + c / 2) * rng.normal();
  }
  for (let i = n; i < n + duplicates; i++) for (let j = 0; j < d; j++) values[i * d + j] = 30 + j;
  return { kind: 'dense', nRows: n + duplicates, nCols: d, values, columns: Array.from({ length: d }, (_, j) => `x${j + 1}`) };
}

const registry = createRegistry().register(gmm, bayesianGmm, em, cavi);

describe('threaded E-steps of mixture/gmm and mixture/bayesian-gmm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('gives bit-identical states and traces for 1, 2 and 8 threads (40,000 × 5, K = 4, two restarts sharing one pool)', async () => {
    const data = blobs(40_000, 5, 4, 1);
    expect(Math.ceil(data.nRows / ROW_BLOCK)).toBe(40);
    const fits: FittedGmm[] = [];
    for (const threads of [1, 2, 8]) {
      fits.push((await registry.create('mixture/gmm', { nComponents: 4, nInit: 2, maxIter: 8, tol: 0 }).fit(data, { seed: 3, threads })) as FittedGmm);
    }
    try {
      for (const f of fits.slice(1)) {
        expect(f.state.means).toEqual(fits[0].state.means);
        expect(f.state.covariances).toEqual(fits[0].state.covariances);
        expect(f.state.weights).toEqual(fits[0].state.weights);
        expect(f.trace).toEqual(fits[0].trace);
      }
      expect(fits.map((f) => f.info.provenance?.threads)).toEqual([1, 2, 8]);
      expect(fits[0].trace).toHaveLength(16);
      expect(liveWorkers()).toBe(0);
    } finally {
      for (const f of fits) f.dispose();
    }
  });

  it('gives the same bits with a component collapsing onto duplicated rows (float64 refinement from the workers’ responsibilities)', async () => {
    const data = blobs(20_000, 3, 2, 2, 400);
    const fits: FittedGmm[] = [];
    for (const threads of [1, 3]) {
      fits.push((await registry.create('mixture/gmm', { nComponents: 3, maxIter: 6, tol: 0, regCovar: 1e-12 }).fit(data, { seed: 0, threads })) as FittedGmm);
    }
    try {
      const k = fits[0].state.weights.findIndex((w, c) => Math.abs(fits[0].state.means[c * 3] - 30) < 1e-9);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(fits[1].state.means).toEqual(fits[0].state.means);
      expect(fits[1].state.covariances).toEqual(fits[0].state.covariances);
      expect(fits[1].trace).toEqual(fits[0].trace);
    } finally {
      for (const f of fits) f.dispose();
    }
  });

  it('gives bit-identical variational fits for 1 and 2 threads (mixture/bayesian-gmm)', async () => {
    const data = blobs(20_000, 4, 3, 4);
    const fits: FittedBgm[] = [];
    for (const threads of [1, 2]) {
      fits.push((await registry.create('mixture/bayesian-gmm', { nComponents: 5, maxIter: 5, tol: 0 }).fit(data, { seed: 1, threads })) as FittedBgm);
    }
    try {
      expect(fits[1].trace).toEqual(fits[0].trace);
      expect(fits[1].toJSON().state).toEqual(fits[0].toJSON().state);
    } finally {
      for (const f of fits) f.dispose();
    }
  });

  // The leak check runs 50 threaded fits; each starts two workers with their own wasm backend (2.3 s
  // per fit, measured on the shared 2-core machine at load average 12), so the suite runs 20 unless
  // LATENTKIT_THREADED_FITS says otherwise.
  const FITS = Number(process.env.LATENTKIT_THREADED_FITS ?? 20);

  it(`leaves live tensors and worker threads at their starting counts after ${FITS} threaded fits`, async () => {
    const data = blobs(MIN_THREADED_ROWS + 10, 2, 2, 5);
    const model = registry.create('mixture/gmm', { nComponents: 2, maxIter: 2, tol: 0 });
    const tensors = tf.memory().numTensors;
    const workers = liveWorkers();
    for (let i = 0; i < FITS; i++) (await model.fit(data, { seed: i, threads: 2 })).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(liveWorkers()).toBe(workers);
  });

  it('runs the E-steps of at most MIN_THREADED_ROWS rows (8 blocks) in the calling thread, and of one more row on threads', async () => {
    const seen: number[] = [];
    for (const n of [MIN_THREADED_ROWS, MIN_THREADED_ROWS + 1]) {
      let during = -1;
      const model = registry.create('mixture/gmm', { nComponents: 2, maxIter: 1, tol: 0 });
      (await model.fit(blobs(n, 2, 2, 7), { seed: 0, threads: 2, onStep: () => void (during = liveWorkers()) })).dispose();
      seen.push(during);
    }
    expect(MIN_THREADED_ROWS / ROW_BLOCK).toBe(8);
    expect(seen).toEqual([0, 2]);
  });

  it('terminates its workers when a threaded fit is cancelled, keeping the last good state', async () => {
    const controller = new AbortController();
    const data = blobs(3 * MIN_THREADED_ROWS, 2, 2, 6);
    const tensors = tf.memory().numTensors;
    let during = 0;
    const fitted = await registry.create('mixture/gmm', { nComponents: 2, maxIter: 50, tol: 0 }).fit(data, {
      seed: 0,
      threads: 2,
      onStep: ({ iteration }) => {
        during = liveWorkers();
        if (iteration === 2) controller.abort();
      },
      signal: controller.signal,
    });
    expect(during).toBe(2);
    expect(fitted.iterations).toBe(2);
    expect(liveWorkers()).toBe(0);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
