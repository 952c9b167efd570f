import { initBackend } from '@latentkit/core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workDir } from './helpers.js';

// The real contrastive/cvae with a tiny, one-epoch fit: these tests are about the one-line refusals, not the fit.
const TINY = ['--set', 'sharedDim=1', '--set', 'salientDim=1', '--set', 'hiddenUnits=[4]', '--set', 'epochs=1', '--set', 'batchSize=4'];
const rows = (groups: string[]) => `a,b,cond\n${groups.map((g, i) => `${(i * 0.37) % 1},${(i * 0.61) % 1},${g}`).join('\n')}\n`;

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('cvae-groups');
});
afterAll(() => w.cleanup());

const fit = async (name: string, groups: string[], ...args: string[]) => {
  const file = await w.file(name, rows(groups));
  return { file, r: await run(['fit', 'contrastive/cvae', file, '--group', 'cond', ...TINY, ...args]) };
};
/** The whole of stderr is one line. */
const oneLine = (stderr: string) => expect(stderr).toMatch(/^latentkit: [^\n]+\n$/);

describe('contrastive/cvae refuses bad row groups in one line', () => {
  it('a group column with one value only, and a background-only file', async () => {
    const one = await fit('one.csv', ['treated', 'treated', 'treated', 'treated']);
    expect(one.r.code).not.toBe(0);
    expect(one.r.stderr).toBe(
      `latentkit: contrastive/cvae needs at least 2 row groups, but the group column 'cond' of ${one.file} has only the value 'treated'\n`,
    );
    const bg = await fit('bg.csv', ['background', 'background', 'background', 'background']);
    expect(bg.r.code).not.toBe(0);
    expect(bg.r.stderr).toBe(
      `latentkit: contrastive/cvae needs at least 2 row groups, but the group column 'cond' of ${bg.file} has only the value 'background'\n`,
    );
  });

  it('a background value that is not in the column names the values found', async () => {
    const { file, r } = await fit('bv.csv', ['control', 'treated', 'control', 'treated'], '--background-value', 'x');
    expect(r.stderr).toBe(
      `latentkit: background group 'x' is not a value of the group column 'cond' of ${file}; values found: 'control', 'treated' (set it with --background-value)\n`,
    );
    // Without --background-value the default 'background' is looked for.
    const d = await fit('bd.csv', ['control', 'treated', 'control', 'treated']);
    expect(d.r.stderr).toMatch(/^latentkit: background group 'background' is not a value of .*; values found: 'control', 'treated'/);
    oneLine(d.r.stderr);
  });

  it('too few rows in a group (at least 2 in every group)', async () => {
    const { r } = await fit('few.csv', ['background', 'background', 'a', 'a', 'b'], '--set', 'salientBlocks=per-group');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/too few rows in group 'b' \(1 row\); expected at least 2 rows in every group\n$/);
    oneLine(r.stderr);
  });

  it('score and transform of a fitted model refuse a group unseen in training, naming the known groups', async () => {
    const model = join(w.dir, 'm.json');
    const { r } = await fit('ok.csv', ['background', 'a', 'b', 'background', 'a', 'b'], '--set', 'salientBlocks=per-group', '--out', model);
    expect(r.code, r.stderr).toBe(0);
    const other = await w.file('new.csv', rows(['background', 'a', 'c', 'b']));
    const t = await run(['transform', model, other, '--group', 'cond']);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(/the group 'c', unseen in training; the model knows the background 'background' and the target groups 'a', 'b'\n$/);
    oneLine(t.stderr);
    const s = await run(['score', model, other, '--group', 'cond']);
    expect(s.stderr).toBe(t.stderr);
    // Known groups in another order and a subset of them are mapped by name.
    const known = await w.file('known.csv', rows(['b', 'background', 'b', 'a']));
    const ok = await run(['transform', model, known, '--group', 'cond']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('shared1,salient_a_1,salient_b_1,cond');
  });
});
