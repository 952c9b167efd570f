import { initBackend } from '@latentkit/core';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('data-path');
});
afterAll(() => w.cleanup());

/** A project folder `<name>/data/faithful.csv` with the model fitted to it in `<name>/models/gmm.json`. */
async function project(name: string): Promise<{ root: string; data: string; model: string }> {
  const root = join(w.dir, name);
  await mkdir(join(root, 'data'), { recursive: true });
  await mkdir(join(root, 'models'));
  const data = join(root, 'data', 'faithful.csv');
  await copyFile(join(DATA_DIR, 'faithful.csv'), data);
  const model = join(root, 'models', 'gmm.json');
  expect((await run(['fit', 'mixture/gmm', data, '--set', 'nComponents=2', '--out', model])).code).toBe(0);
  return { root, data, model };
}

const reportFinds = async (model: string, html: string) => {
  const r = await run(['report', model, '--out', html]);
  expect(r.code).toBe(0);
  expect(linesOf(r.stderr)).toEqual([`report written to ${html}`]);
  // The data plots were drawn from the 218 train rows of the split column.
  expect(await readFile(html, 'utf8')).toContain('(its 218 train rows)');
};

describe('a model file records where its data is', () => {
  it('stores the absolute path and the path relative to the model file', async () => {
    const p = await project('p1');
    const saved = JSON.parse(await readFile(p.model, 'utf8'));
    expect(saved.data.file).toEqual({ absolute: p.data, relative: join('..', 'data', 'faithful.csv') });
  });

  it('report finds the data by its absolute path when the model file alone is copied elsewhere', async () => {
    const p = await project('p2');
    await mkdir(join(w.dir, 'elsewhere'));
    const copy = join(w.dir, 'elsewhere', 'gmm.json');
    await copyFile(p.model, copy);
    await reportFinds(copy, join(w.dir, 'elsewhere', 'report.html'));
  });

  it('report finds the data by its relative path when the whole project folder moved', async () => {
    const p = await project('p3');
    const moved = join(w.dir, 'p3-moved');
    await rename(p.root, moved);
    await reportFinds(join(moved, 'models', 'gmm.json'), join(moved, 'report.html'));
  });

  it('old model files without data.file still load, and report falls back to data.source', async () => {
    const p = await project('p4');
    const saved = JSON.parse(await readFile(p.model, 'utf8'));
    delete saved.data.file;
    await writeFile(p.model, JSON.stringify(saved));
    expect((await run(['score', p.model, p.data])).code).toBe(0);
    await reportFinds(p.model, join(p.root, 'report.html'));
  });

  it('report says in one note when the data is nowhere to be found', async () => {
    const p = await project('p5');
    const copy = join(w.dir, 'lonely.json');
    await copyFile(p.model, copy);
    await rename(p.root, join(w.dir, 'p5-gone'));
    const html = join(w.dir, 'lonely.html');
    const r = await run(['report', copy, '--out', html]);
    expect(r.code).toBe(0);
    expect(linesOf(r.stderr)).toEqual([`note: the training data ${p.data} was not found; pass --data <file> for the data plots`, `report written to ${html}`]);
  });
});
