import { initBackend } from '@latentkit/core';
import type { SavedModel } from '@latentkit/registry';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workDir } from './helpers.js';

/** The testing kit's `toy/views` model (every capability, one view of each kind) as a `--plugin` module. */
const PLUGIN = fileURLToPath(new URL('./toy-views-plugin.ts', import.meta.url));

let w: Awaited<ReturnType<typeof workDir>>;
let model: string;
let saved: SavedModel;
beforeAll(async () => {
  await initBackend();
  w = await workDir('report-views');
  model = join(w.dir, 'toy.json');
  const r = await run(['fit', 'toy/views', w.faithful, '--plugin', PLUGIN, '--set', 'nClusters=2', '--seed', '3', '--out', model]);
  expect(r.code, r.stderr).toBe(0);
  saved = JSON.parse(await readFile(model, 'utf8'));
});
afterAll(() => w.cleanup());

const row = (name: string, value: string | number) =>
  `<tr><th scope="row">${name}</th><td${typeof value === 'number' ? ' class="num"' : ''}>${value}</td></tr>`;

describe('latentkit report of a model that declares views', () => {
  it('draws every view after the model section and shows the provenance of a format-2 file', async () => {
    const out = join(w.dir, 'toy.html');
    const r = await run(['report', model, '--plugin', PLUGIN, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    const html = await readFile(out, 'utf8');
    const views = html.slice(html.indexOf('<h3>Views</h3>'), html.indexOf('<h3>Provenance</h3>'));
    const captions = [...views.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]);
    expect(captions).toEqual(['mean', 'columns by |mean|', 'mean as an image', 'latent to data', 'objective', 'latent coordinates']);
    expect(views.match(/<svg/g)).toHaveLength(6);
    const p = saved.provenance!;
    expect(saved.formatVersion).toBe(2);
    expect(p.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(html).toContain(row('data hash', p.dataHash));
    expect(html).toContain(row('package @latentkit/testing', p.packages['@latentkit/testing']));
    expect(html).toContain(row('package @latentkit/inference', p.packages['@latentkit/inference']));
    expect(html).toContain(row('backend', p.backend));
    expect(html).toContain(row('engine parameters', `maxIter=10, tol=1e-9`));
    expect(html).toContain(row('hyperparameters', 'nClusters=2, maxIter=10'));
    expect(html).toContain(row('created', p.createdAt));
    expect(html.slice(html.indexOf('<h3>Provenance</h3>'))).toContain(row('seed', 3));
    expect(html).not.toContain('no provenance recorded');
  });

  it('says "format 1 file: no provenance recorded" for a file of format 1', async () => {
    const { provenance: _p, ...rest } = saved;
    const { engineParams: _e, ...fit } = saved.fit;
    const old = join(w.dir, 'old.json');
    await writeFile(old, JSON.stringify({ ...rest, formatVersion: 1, fit }));
    const out = join(w.dir, 'old.html');
    const r = await run(['report', old, '--plugin', PLUGIN, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<h3>Provenance</h3>\n<p class="note">format 1 file: no provenance recorded</p>');
    expect(html).not.toContain('data hash');
    expect(html).toContain('<h3>Views</h3>');
  });
});
