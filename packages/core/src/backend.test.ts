import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { CPU_WARNING, initBackend, resetBackendForTests } from './backend.js';

const realImport = (s: string) => import(s);
const NATIVE = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
const absent =
  (...names: string[]) =>
  async (s: string) => {
    if (names.includes(s)) throw new Error(`Cannot find package '${s}' imported from /app/index.js`);
    return realImport(s);
  };
/** A stand-in for an installed tfjs-node(-gpu): importing it registers a backend named 'tensorflow', as the real package does. */
const installed = (name: string, start: 'starts' | 'fails') => async () => {
  if (name === '@tensorflow/tfjs-node-gpu' && start === 'fails')
    throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');
  tf.registerBackend('tensorflow', () => {
    if (start === 'fails') throw new Error('The Node.js binding was built for another Node version');
    return new MathBackendCPU();
  });
  return {};
};
const loader =
  (packages: Record<string, () => Promise<unknown>>) =>
  async (s: string): Promise<unknown> => {
    if (packages[s]) return packages[s]();
    if (NATIVE.includes(s)) throw new Error(`Cannot find package '${s}' imported from /app/index.js`);
    return realImport(s);
  };

describe('initBackend', () => {
  afterEach(() => {
    resetBackendForTests();
    if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow');
  });

  it('picks wasm when tfjs-node cannot be loaded, and records why tfjs-node was skipped', async () => {
    const warnings: string[] = [];
    const info = await initBackend({ env: {}, importModule: absent(...NATIVE), warn: (m) => warnings.push(m) });
    expect(info.name).toBe('wasm');
    expect(info.package).toBe('@tensorflow/tfjs-backend-wasm');
    expect(info.reason).toBe('auto');
    expect(info.simd).toBe(true);
    expect(info.skipped).toEqual([
      {
        name: 'tensorflow-gpu',
        why: expect.stringContaining("@tensorflow/tfjs-node-gpu could not be loaded (Cannot find package '@tensorflow/tfjs-node-gpu'"),
      },
      { name: 'tensorflow', why: expect.stringContaining("@tensorflow/tfjs-node could not be loaded (Cannot find package '@tensorflow/tfjs-node'") },
    ]);
    expect(tf.getBackend()).toBe('wasm');
    expect(warnings).toEqual([]);
  });

  it('picks tfjs-node when it loads and tfjs-node-gpu is absent', async () => {
    const info = await initBackend({ env: {}, importModule: loader({ '@tensorflow/tfjs-node': installed('@tensorflow/tfjs-node', 'starts') }) });
    expect(info).toMatchObject({ name: 'tensorflow', package: '@tensorflow/tfjs-node', reason: 'auto', skipped: [{ name: 'tensorflow-gpu' }] });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('picks tfjs-node-gpu before tfjs-node when both are installed', async () => {
    const importModule = loader({
      '@tensorflow/tfjs-node-gpu': installed('@tensorflow/tfjs-node-gpu', 'starts'),
      '@tensorflow/tfjs-node': installed('@tensorflow/tfjs-node', 'starts'),
    });
    const info = await initBackend({ env: {}, importModule });
    expect(info).toMatchObject({ name: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', reason: 'auto', skipped: [] });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('warns and falls back to tfjs-node when tfjs-node-gpu is installed but cannot load its CUDA libraries', async () => {
    const warnings: string[] = [];
    const importModule = loader({
      '@tensorflow/tfjs-node-gpu': installed('@tensorflow/tfjs-node-gpu', 'fails'),
      '@tensorflow/tfjs-node': installed('@tensorflow/tfjs-node', 'starts'),
    });
    const info = await initBackend({ env: {}, importModule, warn: (m) => warnings.push(m) });
    expect(info).toMatchObject({ name: 'tensorflow', package: '@tensorflow/tfjs-node' });
    expect(warnings).toEqual([
      'latentkit: @tensorflow/tfjs-node-gpu is installed but did not start: @tensorflow/tfjs-node-gpu could not be loaded (libcudart.so.11.0: cannot open shared object file: No such file or directory)',
    ]);
  });

  it('warns and falls back to wasm when tfjs-node loads but its backend fails to start', async () => {
    const warnings: string[] = [];
    const importModule = loader({ '@tensorflow/tfjs-node': installed('@tensorflow/tfjs-node', 'fails') });
    const info = await initBackend({ env: {}, importModule, warn: (m) => warnings.push(m) });
    expect(info).toMatchObject({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm' });
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^latentkit: @tensorflow\/tfjs-node is installed but did not start: @tensorflow\/tfjs-node: (tf\.setBackend|backend 'tensorflow')/,
    );
    expect(tf.findBackendFactory('tensorflow')).toBeNull();
  });

  it('forces tfjs-node-gpu with LATENTKIT_BACKEND=tensorflow-gpu, and fails in one line when it is absent', async () => {
    const importModule = loader({
      '@tensorflow/tfjs-node-gpu': installed('@tensorflow/tfjs-node-gpu', 'starts'),
      '@tensorflow/tfjs-node': installed('@tensorflow/tfjs-node', 'starts'),
    });
    expect(await initBackend({ env: { LATENTKIT_BACKEND: 'tensorflow-gpu' }, importModule })).toMatchObject({
      name: 'tensorflow',
      package: '@tensorflow/tfjs-node-gpu',
      reason: 'env',
    });
    resetBackendForTests();
    tf.removeBackend('tensorflow');
    await expect(initBackend({ env: { LATENTKIT_BACKEND: 'tensorflow-gpu' }, importModule: absent(...NATIVE) })).rejects.toThrow(
      "cannot start the requested backend 'tensorflow-gpu': @tensorflow/tfjs-node-gpu could not be loaded (Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app/index.js)",
    );
  });

  it('falls back to cpu with a loud warning when neither tfjs-node nor wasm starts', async () => {
    const warnings: string[] = [];
    const onlyCpu = async (s: string) => {
      if (s !== '@tensorflow/tfjs-backend-cpu') throw new Error(`Cannot find package '${s}'`);
      return realImport(s);
    };
    const info = await initBackend({ env: {}, importModule: onlyCpu, warn: (m) => warnings.push(m) });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
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
      'LATENTKIT_BACKEND=gpu is not a backend; expected one of tensorflow-gpu, tensorflow, wasm, cpu',
    );
    await expect(initBackend({ backend: 'tensorflow', env: {}, importModule: absent(...NATIVE) })).rejects.toThrow(
      "cannot start the requested backend 'tensorflow': @tensorflow/tfjs-node could not be loaded",
    );
  });

  it('returns the first choice on later calls without a request', async () => {
    const first = await initBackend({ env: {}, importModule: absent(...NATIVE) });
    expect(await initBackend({ env: {} })).toBe(first);
  });
});
