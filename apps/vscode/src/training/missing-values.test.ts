import { initBackend } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { buildPreview } from '../preview/build-preview.js';
import { runInspectJob } from './inspect-job.js';
import { runTrainJob } from './train-job.js';

// faithful.csv (272 rows, split column) with holes: data row i loses 'waiting' (an empty cell) when i mod 9 = 4 and
// 'eruptions' (NA) when i mod 17 = 11. Inspect and train check the train rows of the split; the first hole among them
// is data row 11 (file line 13, 'eruptions'); data row 4 is a test row.
const FAITHFUL = resolve(__dirname, '../../../../packages/datasets/data/faithful.csv');
let dir: string;
let file: string;
let registry: Registry;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-missing-jobs-'));
  const [header, ...lines] = readFileSync(FAITHFUL, 'utf8').trim().split(/\r?\n/);
  const holed = lines.map((line, i) => {
    const f = line.split(',');
    if (i % 9 === 4) f[1] = '';
    if (i % 17 === 11) f[0] = 'NA';
    return f.join(',');
  });
  file = join(dir, 'holes.csv');
  writeFileSync(file, `${[header, ...holed].join('\n')}\n`);
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const never = new AbortController().signal;
const job = (key: string, params: Record<string, unknown>, outFile: string) => ({ kind: 'train', file, load: {}, key, params, seed: 0, outFile }) as const;

describe('training jobs on a file with missing cells', () => {
  it('inspect: the models that fit missing values fit it; the others name the first missing cell', async () => {
    const result = await runInspectJob({ kind: 'inspect', file, load: {} }, registry);
    expect([result.nRows, result.nCols]).toEqual([272, 2]);
    const byKey = new Map(result.models.map((m) => [m.key, m]));
    expect(byKey.get('mixture/gmm')).toMatchObject({ fits: true });
    expect(byKey.get('factor/ppca')).toMatchObject({ fits: true });
    expect(byKey.get('factor/fa')).toMatchObject({
      fits: false,
      reason: `${file}:13: column 'eruptions' (1): missing value (NaN), but factor/fa does not accept missing values`,
    });
  });

  it('train: fits mixture/gmm, and the saved model scores the training rows as the fit did', async () => {
    const outFile = join(dir, 'holes.mixture-gmm.latentkit.json');
    const before = tf.memory().numTensors;
    const result = await runTrainJob(job('mixture/gmm', { nComponents: 2 }, outFile), registry, { signal: never, onProgress: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.status).toBe('saved');
    const scores = (result as { scores: Record<string, number> }).scores;
    expect(Number.isFinite(scores['train logLikelihood'])).toBe(true);
    expect(Number.isFinite(scores['test logLikelihood'])).toBe(true);
    const content = await buildPreview(outFile, registry);
    // The preview loads the same file the same way and scores the same rows with the saved float64 parameters.
    expect(Math.abs(content.metrics[0].train! / scores['train logLikelihood'] - 1)).toBeLessThan(1e-9);
    expect(content.latent?.total).toBe(272);
    // Nothing the webview receives is NaN or infinite (JSON would turn it into null).
    const bad: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number' && !Number.isFinite(v)) bad.push(path);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(content, 'content');
    expect(bad).toEqual([]);
  });

  it('train: factor/ppca with the closed form says which method fits missing values', async () => {
    const outFile = join(dir, 'holes.factor-ppca.latentkit.json');
    await expect(runTrainJob(job('factor/ppca', { nComponents: 1 }, outFile), registry, { signal: never, onProgress: () => undefined })).rejects.toThrow(
      `${file}:13: column 'eruptions' (1): missing value (NaN), but factor/ppca with method=closed-form does not accept missing values; set method=em to fit them`,
    );
    const em = await runTrainJob(job('factor/ppca', { nComponents: 1, method: 'em' }, outFile), registry, { signal: never, onProgress: () => undefined });
    expect(em.status).toBe('saved');
  });
});
