import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
let model: string;
beforeAll(async () => {
  await initBackend();
  w = await workDir('stdout');
  model = join(w.dir, 'gmm.json');
  expect((await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--out', model])).code).toBe(0);
});
afterAll(() => w.cleanup());

describe('transform and sample without --out', () => {
  it('transform writes the CSV to stdout, the same bytes as --out writes, and nothing to stderr', async () => {
    const r = await run(['transform', model, w.faithful]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(273);
    expect(lines[0]).toBe('component1,component2');
    const out = join(w.dir, 'latents.csv');
    const withOut = await run(['transform', model, w.faithful, '--out', out]);
    expect(withOut.stdout).toBe('');
    expect(linesOf(withOut.stderr)).toEqual([`wrote 272 rows of component1, component2 to ${out}`]);
    expect(await readFile(out, 'utf8')).toBe(r.stdout);
  });

  it('sample writes the CSV to stdout and nothing to stderr', async () => {
    const r = await run(['sample', model, '-n', '7', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('eruptions,waiting,component');
    expect(lines.slice(1).every((l) => /^-?[\d.e+-]+,-?[\d.e+-]+,\d+$/.test(l))).toBe(true);
  });
});
