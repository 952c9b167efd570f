import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, resetBackendForTests } from '../backend.js';
import { liveWorkers, openBlockPool } from './block-pool.js';

describe('openBlockPool on the tfjs-node backend', () => {
  afterAll(() => {
    resetBackendForTests();
    if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow');
  });

  it('runs its kernels in the calling thread, since the native addon is not loaded into several threads', async () => {
    // Simulate an installed tfjs-node, as backend.test.ts does: its import registers a backend named 'tensorflow'.
    const fakeNode = async (s: string) => {
      if (s !== '@tensorflow/tfjs-node') throw new Error(`not used here: ${s}`);
      tf.registerBackend('tensorflow', () => new MathBackendCPU());
      return {};
    };
    expect((await initBackend({ backend: 'tensorflow', importModule: fakeNode })).name).toBe('tensorflow');
    const pool = openBlockPool({ threads: 4, blocks: [1, 2, 3, 4] });
    expect([pool.workers, liveWorkers()]).toEqual([0, 0]);
    const local = { twice: (_: null, blocks: readonly { data: number }[]) => blocks.map((b) => 2 * b.data) };
    expect(await pool.run({ id: 'local', url: 'file:///nowhere.js', local }, 'twice', null)).toEqual([2, 4, 6, 8]);
    await pool.close();
  });
});
