import { initBackend } from '@latentkit/core';
import type { HeatmapView, Registry, ScatterView } from '@latentkit/registry';
import { toyViews } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { buildPreview } from '../preview/build-preview.js';
import { viewSections } from '../webviews/latent-preview/view-figures.js';
import { runInspectJob } from './inspect-job.js';
import type { Progress } from './protocol.js';
import { runTrainJob } from './train-job.js';

const FAITHFUL = resolve(__dirname, '../../../../packages/datasets/data/faithful.csv');
let dir: string;
let registry: Registry;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-jobs-'));
  copyFileSync(FAITHFUL, join(dir, 'faithful.csv'));
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
    // faithful.csv is not images: no image grids.
    expect(content.views.filter((v) => v.kind === 'images')).toEqual([]);
  });

  it('preview: sends the views the model declares, on the training rows, and the webview draws each from its numbers', async () => {
    const views = (await discoverPlugins({ specifiers: [], trusted: true })).registry.register(toyViews);
    const outFile = join(dir, 'faithful.toy-views.latentkit.json');
    const job = { kind: 'train', file: join(dir, 'faithful.csv'), load: {}, key: 'toy/views', params: { nClusters: 2 }, seed: 0, outFile } as const;
    expect((await runTrainJob(job, views, { signal: never, onProgress: () => undefined })).status).toBe('saved');
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    const content = await buildPreview(outFile, views);
    expect(content.views.map((v) => v.kind)).toEqual(['heatmap', 'top-terms', 'images', 'graph', 'line', 'scatter']);
    // μ is the mean of the 218 training rows; the scatter has one point per training row.
    const heatmap = content.views[0] as HeatmapView;
    expect(heatmap.values).toEqual(saved.state.mean);
    expect((content.views[5] as ScatterView).points).toHaveLength(218);
    const sections = viewSections(content.views, 900);
    expect(sections.map((s) => [s.section, s.plot, s.figures.length])).toEqual([
      ['heatmaps', 'heatmap', 1],
      ['topics', 'top-words', 1],
      ['graphs', 'graph', 1],
      ['scatters', 'scatter', 1],
      ['lines', 'line', 1],
      ['images', 'images', 1],
    ]);
    const cells = (sections[0].figures[0].spec!.data as { values: { value: number }[] }).values;
    expect(cells.map((c) => c.value)).toEqual(saved.state.mean);
    expect(sections[0].figures[0].caption).toBe('mean (2 × 1)');
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
