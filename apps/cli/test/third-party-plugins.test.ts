import { initBackend } from '@latentkit/core';
import type { SavedModel } from '@latentkit/registry';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, paramRow, run, workDir } from './helpers.js';

/**
 * The example plugin package as a user installs it (its built dist, loaded by --plugin): a third-party model with its
 * own view (`example/kmeans`), a third-party engine with its own terms and parameters (`example/minibatch`) and a
 * third-party dataset with options (`example/blobs`), none of them known to @latentkit/registry.
 */
const EXAMPLE = fileURLToPath(new URL('../../../examples/latentkit-plugin-example', import.meta.url));

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('third-party');
});
afterAll(() => w.cleanup());

describe('third-party plugins of every kind, from --plugin', () => {
  it('are listed with the built-in ones, each under its kind', async () => {
    const r = await run(['list', '--plugin', EXAMPLE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const all = JSON.parse(r.stdout);
    expect(all.models.map((m: { key: string }) => m.key)).toContain('example/kmeans');
    expect(all.inference.map((m: { key: string }) => m.key)).toContain('example/minibatch');
    expect(all.datasets.map((m: { key: string }) => m.key)).toContain('example/blobs');
  });

  it("shows the engine's own parameters and the dataset's options with latentkit list <key>", async () => {
    const engine = linesOf((await run(['list', 'example/minibatch', '--plugin', EXAMPLE])).stdout);
    expect(engine[0]).toBe('example/minibatch (inference, latentkit-plugin-example@0.1.0)');
    expect(engine).toContain('  parameters (--engine-set name=value):');
    expect(paramRow(engine, 'batchSize')).toEqual(['batchSize', 'integer', '100', 'an integer >= 1', 'Rows per minibatch.']);
    expect(paramRow(engine, 'shuffle').slice(0, 3)).toEqual(['shuffle', 'boolean', 'true']);
    const dataset = linesOf((await run(['list', 'example/blobs', '--plugin', EXAMPLE])).stdout);
    expect(dataset).toContain('  options (--data name=value):');
    expect(paramRow(dataset, 'nClusters').slice(0, 4)).toEqual(['nClusters', 'integer', '3', 'an integer >= 1']);
  });

  it('fits the model on the dataset with the engine and its --engine-set parameters, and saves them', async () => {
    const out = join(w.dir, 'kmeans.json');
    const r = await run([
      'fit',
      'example/kmeans',
      'example/blobs',
      '--plugin',
      EXAMPLE,
      '--data',
      'nClusters=4',
      '--data',
      'clusterStd=0.5',
      '--set',
      'nClusters=4',
      '--engine',
      'example/minibatch',
      '--engine-set',
      'batchSize=25',
      '--engine-set',
      'shuffle=false',
      '--seed',
      '2',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(await readFile(out, 'utf8')) as SavedModel;
    expect(saved).toMatchObject({ key: 'example/kmeans', formatVersion: 2, params: { nClusters: 4 }, data: { nRows: 300, nCols: 2 } });
    expect(saved.fit.engine).toBe('example/minibatch');
    expect(saved.fit.engineParams).toEqual({ maxIter: 100, tol: 1e-6, batchSize: 25, shuffle: false });
    expect(saved.provenance!.packages).toMatchObject({ 'latentkit-plugin-example': '0.1.0' });

    // Its report draws the model's own view (the centres heatmap) with the numbers of the saved state.
    const html = join(w.dir, 'kmeans.html');
    const rep = await run(['report', out, '--plugin', EXAMPLE, '--out', html]);
    expect(rep.code, rep.stderr).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<figcaption>Cluster centres</figcaption>');
    expect(page).toContain('<th scope="row">engine parameters</th>');
  });

  it('rejects an invalid engine parameter or dataset option in one line naming the plugin', async () => {
    const bad = await run(['fit', 'example/kmeans', 'example/blobs', '--plugin', EXAMPLE, '--engine', 'example/minibatch', '--engine-set', 'batchSize=0']);
    expect(bad.code).not.toBe(0);
    expect(linesOf(bad.stderr).at(-1)).toBe("latentkit: example/minibatch: parameter batchSize='0' is invalid: expected an integer >= 1");
    const ds = await run(['fit', 'example/kmeans', 'example/blobs', '--plugin', EXAMPLE, '--data', 'clusterStd=-1']);
    expect(linesOf(ds.stderr).at(-1)).toBe('latentkit: example/blobs: --data clusterStd=-1 is invalid: expected a number > 0');
  });
});
