import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { CPU_WARNING, initBackend, resetBackendForTests } from './backend.js';

const realImport = (s: string) => import(s);
const absent = (name: string) => async (s: string) => {
  if (s === name) throw new Error(`Cannot find package '${name}'`);
  return realImport(s);
};

describe('initBackend', () => {
  afterEach(() => {
    resetBackendForTests();
    if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow');
  });

  it('picks wasm when tfjs-node cannot be loaded, and records why tfjs-node was skipped', async () => {
    const warnings: string[] = [];
    const info = await initBackend({ env: {}, importModule: absent('@tensorflow/tfjs-node'), warn: (m) => warnings.push(m) });
    expect(info.name).toBe('wasm');
    expect(info.reason).toBe('auto');
    expect(info.simd).toBe(true);
    expect(info.skipped).toEqual([
      { name: 'tensorflow', why: expect.stringContaining("@tensorflow/tfjs-node could not be loaded (Cannot find package '@tensorflow/tfjs-node')") },
    ]);
    expect(tf.getBackend()).toBe('wasm');
    expect(warnings).toEqual([]);
  });

  it('picks tfjs-node first when it loads', async () => {
    // Simulate an installed tfjs-node: its import registers a backend named 'tensorflow'.
    const fakeNode = async (s: string) => {
      if (s === '@tensorflow/tfjs-node') {
        tf.registerBackend('tensorflow', () => new MathBackendCPU());
        return {};
      }
      return realImport(s);
    };
    const info = await initBackend({ env: {}, importModule: fakeNode });
    expect(info).toMatchObject({ name: 'tensorflow', reason: 'auto', skipped: [] });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('falls back to cpu with a loud warning when neither tfjs-node nor wasm starts', async () => {
    const warnings: string[] = [];
    const loader = async (s: string) => {
      if (s !== '@tensorflow/tfjs-backend-cpu') throw new Error(`Cannot find package '${s}'`);
      return realImport(s);
    };
    const info = await initBackend({ env: {}, importModule: loader, warn: (m) => warnings.push(m) });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow', 'wasm']);
    expect(warnings).toEqual([CPU_WARNING]);
  });

  it('honours LATENTKIT_BACKEND and an explicit request', async () => {
    const warnings: string[] = [];
    expect((await initBackend({ env: { LATENTKIT_BACKEND: 'cpu' }, warn: (m) => warnings.push(m) })).reason).toBe('env');
    expect(tf.getBackend()).toBe('cpu');
    resetBackendForTests();
    const info = await initBackend({ backend: 'wasm', env: { LATENTKIT_BACKEND: 'cpu' } });
    expect(info).toMatchObject({ name: 'wasm', reason: 'requested' });
    expect(warnings).toEqual([CPU_WARNING]);
  });

  it('rejects an unknown LATENTKIT_BACKEND and a requested backend that cannot start', async () => {
    await expect(initBackend({ env: { LATENTKIT_BACKEND: 'gpu' } })).rejects.toThrow(
      'LATENTKIT_BACKEND=gpu is not a backend; expected one of tensorflow, wasm, cpu',
    );
    await expect(initBackend({ backend: 'tensorflow', env: {}, importModule: absent('@tensorflow/tfjs-node') })).rejects.toThrow(
      "cannot start the requested backend 'tensorflow': @tensorflow/tfjs-node could not be loaded",
    );
  });

  it('returns the first choice on later calls without a request', async () => {
    const first = await initBackend({ env: {}, importModule: absent('@tensorflow/tfjs-node') });
    expect(await initBackend({ env: {} })).toBe(first);
  });
});
