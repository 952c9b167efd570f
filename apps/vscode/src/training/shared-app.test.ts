import { initBackend } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { runInspectJob } from './inspect-job.js';
import { runTrainJob } from './train-job.js';

// The behaviours the extension shares with `latentkit fit` through @latentkit/app and core's data module.
let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-shared-'));
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
  writeFileSync(join(dir, 'docs.csv'), 'tax,war,peace\n3,0,1\n0,4,2\n5,1,0\n0,0,6\n2,2,2\n');
  writeFileSync(join(dir, 'all-test.csv'), 'a,b,split\n1,2,test\n3,4,test\n5,7,test\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const never = new AbortController().signal;

describe('jobs on the shared application layer', () => {
  it('registers the same built-ins as the CLI: both mixtures, the datasets and the metrics', () => {
    for (const key of ['mixture/gmm', 'mixture/bayesian-gmm', 'datasets/iris', 'metrics/mig', 'estimators/reparam']) expect(registry.has(key), key).toBe(true);
  });

  it('offers a topic model for a CSV document-term matrix, and fits it as counts', async () => {
    const inspect = await runInspectJob({ kind: 'inspect', file: join(dir, 'docs.csv'), load: {} }, registry);
    expect(inspect.models.find((m) => m.key === 'topic/lda')).toMatchObject({ fits: true });
    const outFile = join(dir, 'docs.topic-lda.latentkit.json');
    const job = { kind: 'train', file: join(dir, 'docs.csv'), load: {}, key: 'topic/lda', params: { nComponents: 2, maxIter: 3 }, seed: 0, outFile } as const;
    expect((await runTrainJob(job, registry, { signal: never, onProgress: () => undefined })).status).toBe('saved');
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(saved.data).toMatchObject({ kind: 'counts', columns: ['tax', 'war', 'peace'], file: { absolute: join(dir, 'docs.csv'), relative: 'docs.csv' } });
    expect(saved.preview).toEqual({ dataFile: 'docs.csv', load: {} });
  });

  it("refuses a split column without 'train' rows instead of fitting the test rows", async () => {
    const file = join(dir, 'all-test.csv');
    const message = "the split column has no 'train' rows: all 3 rows are 'test'";
    await expect(runInspectJob({ kind: 'inspect', file, load: {} }, registry)).rejects.toThrow(message);
    const job = { kind: 'train', file, load: {}, key: 'mixture/gmm', params: { nComponents: 1 }, seed: 0, outFile: join(dir, 'x.json') } as const;
    await expect(runTrainJob(job, registry, { signal: never, onProgress: () => undefined })).rejects.toThrow(message);
  });
});
