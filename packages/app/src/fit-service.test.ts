import { initBackend, parseDenseCsv, type DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from './app-registry.js';
import { fitAndSave, FitCancelledError } from './fit-service.js';
import type { Registry } from '@latentkit/registry';

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-fit-service-'));
  registry = await buildRegistry({ cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two well separated clusters of 20 rows each, deterministic. */
const clusters = (n = 40): DenseDataset => {
  const rows = Array.from({ length: n }, (_, i) => `${(i % 2 ? 5 : -5) + ((i * 7) % 11) / 10},${(i % 2 ? 3 : -3) + ((i * 5) % 13) / 10}`);
  return parseDenseCsv(`a,b\n${rows.join('\n')}\n`, { source: 'clusters.csv' });
};

describe('fitAndSave', () => {
  it('fits, scores the train and test rows and writes the model file atomically with the data file and extra fields', async () => {
    const dataFile = join(dir, 'clusters.csv');
    writeFileSync(dataFile, 'a,b\n');
    const path = join(dir, 'models', '..', 'gmm.json');
    const before = tf.memory().numTensors;
    const outcome = await fitAndSave({
      registry,
      key: 'mixture/gmm',
      params: { nComponents: '2' },
      train: clusters(),
      test: clusters(10),
      out: { path, dataFile, extra: { preview: { dataFile: 'clusters.csv' } } },
    });
    expect(outcome.params).toMatchObject({ nComponents: 2 });
    expect(Object.keys(outcome.train)).toContain('logLikelihood');
    expect(outcome.test).not.toBeNull();
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved).toMatchObject({
      key: 'mixture/gmm',
      data: { nRows: 40, file: { absolute: resolve(dataFile), relative: 'clusters.csv' } },
      preview: { dataFile: 'clusters.csv' },
    });
    outcome.fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fits a dense document-term matrix as counts for a model that needs counts', async () => {
    const docs = parseDenseCsv('tax,war,peace\n3,0,1\n0,4,2\n5,1,0\n0,0,6\n', { source: 'docs.csv' });
    const { fitted, train } = await fitAndSave({ registry, key: 'topic/lda', params: { nComponents: 2, maxIter: 3 }, train: docs });
    expect(fitted.toJSON().data).toMatchObject({ kind: 'counts', columns: ['tax', 'war', 'peace'] });
    expect(Object.values(train).every(Number.isFinite)).toBe(true);
    fitted.dispose();
  });

  it('passes the row groups to the model, converted or not (toy/groups fits the background rows only)', async () => {
    // The testing kit's row-groups model, through the CLI tests' plugin module (the app has no dependency on the kit).
    const plugin = fileURLToPath(new URL('../../../apps/cli/test/toy-groups-plugin.ts', import.meta.url));
    const withToy = await buildRegistry({ cwd: dir, plugins: [plugin] });
    const data = parseDenseCsv('a,cond\n1,bg\n10,fg\n3,bg\n', { source: 'g.csv', group: 'cond' });
    const { fitted } = await fitAndSave({ registry: withToy, key: 'toy/groups', params: { background: 'bg' }, train: data });
    // x − μ with μ = 2, the mean of the 'bg' rows.
    expect(Array.from(fitted.transform(data).values)).toEqual([-1, 8, 1]);
    fitted.dispose();
    await expect(fitAndSave({ registry: withToy, key: 'toy/groups', train: parseDenseCsv('a\n1\n2\n') })).rejects.toThrow(
      "toy/groups needs row groups: give --group <column> (the column holding each row's group)",
    );
  });

  it('writes nothing and throws FitCancelledError when cancelled, leaking no tensors', async () => {
    const path = join(dir, 'cancelled.json');
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const error = await fitAndSave({
      registry,
      key: 'mixture/gmm',
      params: { nComponents: 3, tol: 0, maxIter: 100000 },
      train: clusters(),
      signal: controller.signal,
      onStep: () => controller.abort(),
      out: { path },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FitCancelledError);
    expect(existsSync(path)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an unknown model or an engine that cannot fit it in one line', async () => {
    await expect(fitAndSave({ registry, key: 'mixture/gnm', train: clusters() })).rejects.toThrow(
      /^unknown model 'mixture\/gnm'; registered models: .*mixture\/gmm/,
    );
    await expect(fitAndSave({ registry, key: 'inference/em', train: clusters() })).rejects.toThrow("'inference/em' is a inference plugin, not a model");
    await expect(fitAndSave({ registry, key: 'mixture/gmm', engine: 'inference/vi', train: clusters() })).rejects.toThrow(
      'mixture/gmm cannot be fitted by inference/vi; it supports inference/em',
    );
  });
});
