import { dataHash, initBackend, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry, type HeatmapView, type ImagesView, type ScatterView } from '@latentkit/registry';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sparseVae } from '../sparse-vae/sparse-vae.js';
import { vae } from '../vae/vae.js';
import type { FittedVae } from './vae-fitted.js';

const registry = createRegistry().register(vae, sparseVae, vi);
const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/fixtures/v1/${name}`, import.meta.url)), 'utf8'));
const expected = fixture('vae.expected.json') as { rows: number[][]; columns: string[]; score: number; transform: number[] };
const dense = (rows: number[][], columns: string[]): DenseDataset => ({
  kind: 'dense',
  nRows: rows.length,
  nCols: columns.length,
  values: Float64Array.from(rows.flat()),
  columns,
});
const data = dense(expected.rows, expected.columns);
const small = { latentDim: 2, hiddenUnits: [4], epochs: 2, batchSize: 10 };

beforeAll(async () => {
  await initBackend();
});

describe('saved VAE models, capabilities and views', () => {
  it('loads the format-1 vae/vae file written by latentkit 741261d to the score and transform it had', () => {
    const saved = fixture('vae.json');
    expect(saved.formatVersion).toBe(1);
    const loaded = registry.load(saved, 'vae.json') as unknown as FittedVae;
    // float32 networks: the backend may sum in another order.
    expect(loaded.score(data)).toBeCloseTo(expected.score, 4);
    Array.from(loaded.transform(data).values).forEach((z, i) => expect(z).toBeCloseTo(expected.transform[i], 5));
    loaded.dispose();
  });

  it('saves format 2 with provenance and engine parameters, and loads back to the same scores', async () => {
    const fitted = (await registry.create('vae/vae', small).fit(data, { seed: 1 })) as unknown as FittedVae;
    const saved = fitted.toJSON();
    expect(saved.formatVersion).toBe(2);
    expect(saved.provenance?.dataHash).toBe(dataHash(data));
    expect(saved.fit.engineParams).toBeDefined();
    const loaded = registry.load(JSON.parse(JSON.stringify(saved))) as unknown as FittedVae;
    expect(loaded.scores(data)).toEqual(fitted.scores(data));
    expect(loaded.toJSON()).toEqual(saved);
    loaded.dispose();
    fitted.dispose();
  });

  it('scoreSamples are the per-row ELBOs whose mean is score; decode is the decoder mean of transform', async () => {
    const fitted = (await registry.create('vae/vae', small).fit(data, { seed: 1 })) as unknown as FittedVae;
    expect(fitted.latentDim).toBe(2);
    const rows = fitted.scoreSamples(data);
    expect(rows).toHaveLength(data.nRows);
    expect(rows.reduce((a, b) => a + b, 0) / data.nRows).toBeCloseTo(fitted.score(data), 4);
    const decoded = fitted.decode(fitted.transform(data));
    const reconstructed = fitted.reconstruct(data);
    Array.from(decoded.values).forEach((x, i) => expect(x).toBeCloseTo(reconstructed.values[i], 5));
    const [scatter] = fitted.views(data) as ScatterView[];
    const z = fitted.transform(data);
    expect(scatter.kind).toBe('scatter');
    expect(scatter.points.map((p) => [p.x, p.y])).toEqual(Array.from({ length: z.nRows }, (_, i) => [z.values[i * 2], z.values[i * 2 + 1]]));
    expect((fitted.views() as HeatmapView[])[0].values).toHaveLength(2 * 4);
    fitted.dispose();
  });

  it('views: decoded latent traversals as 4×4 images for 16 columns; the Sparse VAE adds its W', async () => {
    const cols = Array.from({ length: 16 }, (_, j) => `p${j + 1}`);
    const img = dense(
      Array.from({ length: 12 }, (_, i) => cols.map((_, j) => ((i * 7 + j * 3) % 5) / 4)),
      cols,
    );
    const fitted = (await registry.create('vae/vae', { ...small, likelihood: 'bernoulli' }).fit(img, { seed: 0 })) as unknown as FittedVae;
    const [images] = fitted.views() as ImagesView[];
    expect([images.kind, images.width, images.height, images.columns, images.images.length]).toEqual(['images', 4, 4, 5, 10]);
    const decoded = fitted.decode({ nRows: 1, nCols: 2, values: Float64Array.from([2, 0]) }).values;
    const all = images.images.flatMap((m) => m.pixels);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBeCloseTo(1, 12);
    // The image of z = (2, 0) is its decoder mean, min–max scaled like the others: it keeps the pixels' order.
    const order = (a: ArrayLike<number>) => Array.from(a, (_, j) => j).sort((p, q) => a[p] - a[q] || p - q);
    expect(order(images.images[4].pixels)).toEqual(order(decoded));
    fitted.dispose();

    const sparse = (await registry
      .create('vae/sparse-vae', { latentDim: 2, hiddenUnits: [4], epochs: 2, batchSize: 10 })
      .fit(data, { seed: 0 })) as unknown as FittedVae;
    const w = (sparse.views() as HeatmapView[]).find((v) => v.title.startsWith('Sparse VAE loadings'))!;
    expect(w.rowLabels).toEqual(data.columns);
    expect(w.values).toEqual(Array.from(sparse.state.weights.mask.dataSync()));
    sparse.dispose();
  });
});
