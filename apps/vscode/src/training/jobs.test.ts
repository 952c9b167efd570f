import { initBackend } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { buildPreview } from '../preview/build-preview.js';
import { runInspectJob } from './inspect-job.js';
import type { Progress } from './protocol.js';
import { runTrainJob } from './train-job.js';

const FAITHFUL = resolve(__dirname, '../../../../packages/datasets/data/faithful.csv');
const WINE = resolve(__dirname, '../../../../packages/datasets/data/wine.csv');
let dir: string;
let registry: Registry;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-jobs-'));
  copyFileSync(FAITHFUL, join(dir, 'faithful.csv'));
  copyFileSync(WINE, join(dir, 'wine.csv'));
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const never = new AbortController().signal;
const gmmJob = (outFile: string, params: Record<string, unknown>) =>
  ({ kind: 'train', file: join(dir, 'faithful.csv'), load: {}, key: 'mixture/gmm', params, seed: 0, outFile }) as const;

describe('training worker jobs', () => {
  it('inspect: says which models fit the data file, with the registry reason for the others', async () => {
    const result = await runInspectJob({ kind: 'inspect', file: join(dir, 'faithful.csv'), load: {} }, registry);
    expect([result.kind, result.nRows, result.nCols]).toEqual(['dense', 272, 2]);
    expect(result.models.find((m) => m.key === 'mixture/gmm')).toMatchObject({ fits: true, engines: ['inference/em'] });
    expect(result.models.filter((m) => !m.fits).every((m) => typeof m.reason === 'string' && m.reason.length > 0)).toBe(true);
  });

  it('train: writes the model file atomically once the fit completes, with hints for the preview', async () => {
    const outFile = join(dir, 'faithful.mixture-gmm.latentkit.json');
    const progress: Progress[] = [];
    const result = await runTrainJob(gmmJob(outFile, { nComponents: '2' }), registry, { signal: never, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ status: 'saved', outFile, converged: true });
    expect(progress[0]).toMatchObject({ iteration: 1, maxIter: 100, restart: 0, restarts: 1 });
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(saved).toMatchObject({ format: 'latentkit-model', key: 'mixture/gmm', params: { nComponents: 2 }, preview: { dataFile: 'faithful.csv', load: {} } });
    // A split column: 218 train rows are fitted; the file records them.
    expect(saved.data.nRows).toBe(218);
    registry.load(saved).dispose();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('train: a cancelled fit writes nothing', async () => {
    const outFile = join(dir, 'cancelled.latentkit.json');
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const result = await runTrainJob(gmmJob(outFile, { nComponents: 3, tol: 0, maxIter: 1000000 }), registry, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result.status).toBe('cancelled');
    expect(existsSync(outFile)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.cancelled'))).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('preview: the latent scatter, trace and metrics of a saved model, without leaking tensors', async () => {
    const modelFile = join(dir, 'faithful.mixture-gmm.latentkit.json');
    const saved = JSON.parse(readFileSync(modelFile, 'utf8'));
    const before = tf.memory().numTensors;
    const content = await buildPreview(modelFile, registry);
    expect(tf.memory().numTensors).toBe(before);
    expect(content.model).toMatchObject({ key: 'mixture/gmm', engine: 'inference/em', iterations: saved.fit.iterations });
    expect(content.trace).toHaveLength(saved.fit.trace.length);
    expect(content.latent).toMatchObject({ shown: 272, total: 272, xTitle: 'eruptions', yTitle: 'waiting', defaultColouring: 'cluster' });
    expect(content.latent!.colourings.map((c) => c.name)).toEqual(['cluster', 'split', 'eruptions', 'waiting']);
    expect(new Set(content.latent!.colourings[0].values)).toEqual(new Set(['component1', 'component2']));
    expect(content.metrics.map((m) => m.name)).toEqual(['logLikelihood']);
    // The test rows score lower than the training rows they were not fitted to (mean log-likelihood, nats).
    expect(content.metrics[0].test).toBeLessThan(content.metrics[0].train!);
    expect(content.report?.title).toMatch(/Gaussian mixture/);
    expect(content.heatmaps).toEqual([]);
    expect(content.images).toEqual([]);
  });

  it('preview: shows loadings as a heatmap, divided by the standard deviation of each feature', async () => {
    const outFile = join(dir, 'wine.factor-fa.latentkit.json');
    const job = {
      kind: 'train',
      file: join(dir, 'wine.csv'),
      load: { label: 'label' },
      key: 'factor/fa',
      params: { nComponents: 2 },
      seed: 0,
      outFile,
    } as const;
    expect((await runTrainJob(job, registry, { signal: never, onProgress: () => undefined })).status).toBe('saved');
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    const content = await buildPreview(outFile, registry);
    const map = content.heatmaps[0];
    expect([map.title, map.rows.length, map.cols.length, map.diverging]).toEqual(['loadings ÷ sd of the feature', 13, 2, true]);
    expect(map.rows[12]).toBe('proline');
    // Independent float64 standard deviation of proline over all 178 rows (population form, as the preview uses).
    const text = readFileSync(WINE, 'utf8').trim().split('\n').slice(1);
    const proline = text.map((line) => Number(line.split(',')[12]));
    const mean = proline.reduce((a, b) => a + b) / proline.length;
    const sd = Math.sqrt(proline.reduce((a, b) => a + (b - mean) ** 2, 0) / proline.length);
    const loadings = saved.state.loadings as number[][];
    const expected = (loadings.length === 13 ? loadings[12] : loadings.map((row) => row[12])).map((w) => w / sd);
    // The heatmap keeps 5 significant digits: relative error below 1e-4.
    map.values.slice(24, 26).forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThanOrEqual(1e-4 * Math.abs(expected[k])));
  });

  it('preview: keeps the fit and says why when the data file is gone', async () => {
    const modelFile = join(dir, 'faithful.mixture-gmm.latentkit.json');
    renameSync(join(dir, 'faithful.csv'), join(dir, 'moved.csv'));
    try {
      const content = await buildPreview(modelFile, registry);
      expect(content.latent).toBeUndefined();
      expect(content.data.note).toMatch(/^the data-dependent views are missing: .*faithful\.csv/);
      expect(content.trace.length).toBeGreaterThan(0);
    } finally {
      renameSync(join(dir, 'moved.csv'), join(dir, 'faithful.csv'));
    }
  });

  it('preview: names the plugin setting when the model key is not registered', async () => {
    const modelFile = join(dir, 'faithful.mixture-gmm.latentkit.json');
    const other = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
    const saved = JSON.parse(readFileSync(modelFile, 'utf8'));
    const fake = join(dir, 'fake.latentkit.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(fake, JSON.stringify({ ...saved, key: 'example/kmeans', plugin: { name: 'latentkit-plugin-example', version: '0.1.0' } }));
    await expect(buildPreview(fake, other)).rejects.toThrow(
      `${fake} holds a 'example/kmeans' model (saved by latentkit-plugin-example@0.1.0), which is not registered; add its plugin module to the latentkit.plugins setting`,
    );
  });
});
