import { initBackend } from '@latentkit/core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
let model: string;
beforeAll(async () => {
  await initBackend();
  w = await workDir('out-option');
  model = join(w.dir, 'gmm.json');
  expect((await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--out', model])).code).toBe(0);
  await mkdir(join(w.dir, 'a-folder'));
  await writeFile(join(w.dir, 'a-file.txt'), 'keep me\n');
});
afterAll(() => w.cleanup());

/** Every command with --out, with the arguments that would otherwise make it run (fit, select: a fit; main: all its fits). */
const COMMANDS: readonly (readonly [string, () => string[]])[] = [
  ['fit', () => ['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2']],
  ['select', () => ['select', 'mixture/gmm', w.faithful, '--k', '1..3']],
  ['transform', () => ['transform', model, w.faithful]],
  ['sample', () => ['sample', model, '-n', '5']],
  ['report', () => ['report', model]],
];

describe('--out is checked before any work', () => {
  it.each(COMMANDS)('%s: a folder that does not exist is one line naming the path and the folder', async (_, args) => {
    const out = join(w.dir, 'no-such-folder', 'out.file');
    const r = await run([...args(), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // One line and nothing else: no progress, no note, so nothing was fitted or loaded first.
    expect(linesOf(r.stderr)).toEqual([`latentkit: --out ${out}: the folder ${join(w.dir, 'no-such-folder')} does not exist`]);
  });

  it.each(COMMANDS)('%s: a path that is a directory is one line', async (_, args) => {
    const out = join(w.dir, 'a-folder');
    const r = await run([...args(), '--out', out]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: --out ${out} is a directory; expected a file path`]);
  });

  it.each(COMMANDS)('%s: a folder that is a file is one line, and the file is untouched', async (_, args) => {
    const file = join(w.dir, 'a-file.txt');
    const r = await run([...args(), '--out', join(file, 'out.file')]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: --out ${join(file, 'out.file')}: ${file} is a file, not a folder`]);
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
  });

  it('main: --out naming a file is one line, and the file is untouched', async () => {
    const file = join(w.dir, 'a-file.txt');
    const r = await run(['main', '--out', file]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: --out ${file} is a file; expected a directory`]);
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
  });

  it('main: --out below a file is one line', async () => {
    const file = join(w.dir, 'a-file.txt');
    const r = await run(['main', '--out', join(file, 'report')]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: --out ${join(file, 'report')}: ${file} is a file, not a folder`]);
  });
});
