import { createRng, denseSource, initBackend, liveWorkers, type DenseDataset } from '@latentkit/core';
import { VI_MIN_WORK_PER_THREAD, VI_SUB_BLOCK, vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { vae } from '../vae/vae.js';
import type { FittedVae } from './vae-fitted.js';

const registry = createRegistry().register(vae, vi);

// 784-256-8 (≈ 409,000 weights): a minibatch of 1024 rows is 8 sub-blocks and enough work for 8 threads.
const D = 784;
const n = 1024;
const rng = createRng(21);
const data: DenseDataset = {
  kind: 'dense',
  nRows: n,
  nCols: D,
  values: Float64Array.from({ length: n * D }, () => (rng.uniform() < 0.3 ? 1 : 0)),
  columns: Array.from({ length: D }, (_, j) => `p${j}`),
};
const params = { likelihood: 'bernoulli', latentDim: 8, hiddenUnits: [256], epochs: 2 } as const;
const stateOf = (f: FittedVae) => (f.toJSON() as { state: unknown }).state;

/** Fit with `threads`, recording the most block-pool workers alive during the fit. */
async function fitWith(threads: number, batchSize: number, stream = false): Promise<{ fitted: FittedVae; workers: number }> {
  let workers = 0;
  const onStep = () => void (workers = Math.max(workers, liveWorkers()));
  const model = registry.create('vae/vae', { ...params, batchSize });
  const options = { seed: 7, threads, onStep, engineParams: { shuffleBuffer: 2 } };
  const fitted = (stream ? await model.fitStream(denseSource(data, { blockRows: 256 }), options) : await model.fit(data, options)) as unknown as FittedVae;
  return { fitted, workers };
}

describe('VI gradients on block-pool threads (vae/vae)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('takes the gradients of minibatches longer than VI_SUB_BLOCK by sub-blocks, bit-identical on 1, 2 and 8 threads', async () => {
    expect((1024 * 409_000) / VI_MIN_WORK_PER_THREAD).toBeGreaterThan(8);
    const before = tf.memory().numTensors;
    const fits = [];
    for (const threads of [1, 2, 8]) fits.push(await fitWith(threads, 8 * VI_SUB_BLOCK));
    expect(fits.map((f) => f.workers)).toEqual([0, 2, 8]);
    for (const f of fits.slice(1)) {
      expect(f.fitted.info.trace.map((e) => e.objective)).toEqual(fits[0].fitted.info.trace.map((e) => e.objective));
      expect(stateOf(f.fitted)).toEqual(stateOf(fits[0].fitted));
    }
    expect(fits[0].fitted.info.trace.every((e) => Number.isFinite(e.objective))).toBe(true);
    for (const f of fits) f.fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(liveWorkers()).toBe(0);
  });

  it('keeps a minibatch of VI_SUB_BLOCK rows (the default 128) in one piece on the calling thread, whatever the threads', async () => {
    const one = await fitWith(1, VI_SUB_BLOCK);
    const eight = await fitWith(8, VI_SUB_BLOCK);
    expect([one.workers, eight.workers]).toEqual([0, 0]);
    expect(stateOf(eight.fitted)).toEqual(stateOf(one.fitted));
    one.fitted.dispose();
    eight.fitted.dispose();
  });

  it('terminates its workers when a threaded fit is cancelled, keeping the weights of the last minibatch', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let during = 0;
    const fitted = (await registry.create('vae/vae', { ...params, epochs: 5, batchSize: 4 * VI_SUB_BLOCK }).fit(data, {
      seed: 7,
      threads: 2,
      signal: controller.signal,
      onStep: ({ iteration }) => {
        during = liveWorkers();
        if (iteration === 1) controller.abort();
      },
    })) as unknown as FittedVae;
    expect(during).toBe(2);
    expect(fitted.iterations).toBe(1);
    expect(liveWorkers()).toBe(0);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('streamed (fitViStream), the same sub-blocks on 2 threads give the streamed fit of 1 thread, bit for bit', async () => {
    const before = tf.memory().numTensors;
    const one = await fitWith(1, 4 * VI_SUB_BLOCK, true);
    const two = await fitWith(2, 4 * VI_SUB_BLOCK, true);
    expect([one.workers, two.workers]).toEqual([0, 2]);
    expect(two.fitted.info.trace.map((e) => e.objective)).toEqual(one.fitted.info.trace.map((e) => e.objective));
    expect(stateOf(two.fitted)).toEqual(stateOf(one.fitted));
    one.fitted.dispose();
    two.fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(liveWorkers()).toBe(0);
  });
});
