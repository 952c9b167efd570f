import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { liveWorkers, openBlockPool } from './block-pool.js';
import type { KernelModule } from './kernel.js';

const url = new URL('./test-kernels.fixture.mjs', import.meta.url).href;
let kernels: KernelModule;

interface Sum {
  sum: Float32Array;
  index: number;
  backend: string;
}

function blocks(n: number, size: number): { values: Float32Array }[] {
  return Array.from({ length: n }, (_, b) => ({ values: Float32Array.from({ length: size }, (_, i) => Math.sin(b * 7919 + i) * 1e3) }));
}

describe('openBlockPool', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    kernels = { id: 'latentkit-test-kernels', url, local: (await import(url)) as Record<string, unknown> };
  });

  it('returns the results of 1, 2 and 3 threads in block order and with the same bits', async () => {
    const data = blocks(5, 3000);
    const runs: Sum[][] = [];
    for (const threads of [1, 2, 3]) {
      const pool = openBlockPool({ threads, blocks: data });
      expect(pool.workers).toBe(threads === 1 ? 0 : threads);
      try {
        const first = await pool.run<Sum>(kernels, 'blockSum', { scale: 3 });
        const again = await pool.run<Sum>(kernels, 'blockSum', { scale: 3 });
        expect(again.map((r) => r.sum[0])).toEqual(first.map((r) => r.sum[0]));
        runs.push(first);
      } finally {
        await pool.close();
      }
    }
    for (const run of runs) {
      expect(run.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
      expect(run.map((r) => r.backend)).toEqual(Array(5).fill('wasm'));
      expect(run.map((r) => r.sum[0])).toEqual(runs[0].map((r) => r.sum[0]));
    }
    expect(liveWorkers()).toBe(0);
  });

  it('transfers the blocks to the workers when asked', async () => {
    const data = blocks(2, 10);
    const pool = openBlockPool({ threads: 2, blocks: data, transfer: true });
    try {
      expect(data[0].values.length).toBe(0);
      expect((await pool.run<Sum>(kernels, 'blockSum', { scale: 1 })).length).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('runs in the calling thread for one block and frees what its kernels cached on close', async () => {
    const before = tf.memory().numTensors;
    const pool = openBlockPool({ threads: 8, blocks: blocks(1, 10) });
    expect(pool.workers).toBe(0);
    await pool.run(kernels, 'blockSum', { scale: 1 });
    expect(tf.memory().numTensors).toBe(before + 1);
    await pool.close();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('turns a kernel error into a one-line error naming the worker, in workers and in the calling thread', async () => {
    for (const threads of [1, 2]) {
      const pool = openBlockPool({ threads, blocks: blocks(2, 10) });
      try {
        const err = await pool.run(kernels, 'fail', null).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(err?.message.split('\n')).toHaveLength(1);
        expect(err?.message).toMatch(threads === 1 ? /^this kernel failed$/ : /^block pool worker \d\/2: this kernel failed$/);
        await expect(pool.run(kernels, 'noSuchKernel', null)).rejects.toThrow(/has no kernel 'noSuchKernel'/);
      } finally {
        await pool.close();
      }
    }
    const missing = openBlockPool({ threads: 2, blocks: blocks(2, 10) });
    await expect(missing.run({ id: 'nowhere', url: new URL('./no-such-module.js', import.meta.url).href, local: {} }, 'x', null)).rejects.toThrow(
      /^block pool worker \d\/2: cannot load kernel module nowhere from file:.*no-such-module\.js \(/,
    );
    await missing.close();
    expect(liveWorkers()).toBe(0);
  });

  it('terminates its workers when the signal aborts, rejecting the pending call', async () => {
    const controller = new AbortController();
    const pool = openBlockPool({ threads: 2, blocks: blocks(4, 10), signal: controller.signal });
    expect(liveWorkers()).toBe(2);
    const pending = pool.run(kernels, 'hang', null);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow('block pool: cancelled');
    await pool.close();
    expect(liveWorkers()).toBe(0);
    await expect(pool.run(kernels, 'blockSum', { scale: 1 })).rejects.toThrow('block pool: cancelled');
  });
});
