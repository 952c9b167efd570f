import { createRegistry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { blobs, makeBlobs } from './blobs-dataset.js';

describe('example/blobs (a third-party dataset with options)', () => {
  it('fills its defaults and checks its options in the registry', () => {
    const registry = createRegistry().register(blobs);
    expect(registry.validateDatasetOptions('example/blobs', { nClusters: '4' }, { coerce: true })).toEqual({
      nRows: 300,
      nClusters: 4,
      nFeatures: 2,
      clusterStd: 1,
      centerBox: 10,
      seed: 0,
    });
    expect(() => registry.validateDatasetOptions('example/blobs', { clusterStd: 0 })).toThrow(
      /^example\/blobs: parameter clusterStd=0 is invalid: expected a number > 0$/,
    );
  });

  it('draws each blob around its centre with the asked spread, labels and one-hot factors', async () => {
    const n = 30000;
    const data = await blobs.load({ nRows: n, nClusters: 3, nFeatures: 2, clusterStd: 2, centerBox: 10, seed: 7 });
    expect(data.kind).toBe('dense');
    const d = data as ReturnType<typeof makeBlobs>;
    expect(d.labels!.slice(0, 4)).toEqual([0, 1, 2, 0]);
    for (let k = 0; k < 3; k++) {
      const rows = [...Array(n).keys()].filter((i) => i % 3 === k);
      const mean = [0, 1].map((j) => rows.reduce((s, i) => s + d.values[i * 2 + j], 0) / rows.length);
      const sd = Math.sqrt(rows.reduce((s, i) => s + (d.values[i * 2] - mean[0]) ** 2, 0) / (rows.length - 1));
      // 10,000 rows per blob: the sample sd of N(0, 2²) is within 3·2/√(2·10⁴) ≈ 0.042 of 2 with 99.7% probability.
      expect(Math.abs(sd - 2)).toBeLessThan(0.05);
      expect(Math.max(...mean.map(Math.abs))).toBeLessThanOrEqual(10 + 0.1);
      expect(rows.every((i) => d.factors!.values[i * 3 + k] === 1)).toBe(true);
    }
  });
});
