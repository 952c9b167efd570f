import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

// toy/groups (the testing kit's row-groups model) fits x ~ N(μ, I) to the background rows only, so μ (and hence
// transform's x − μ) shows which rows reached the model as background.
const PLUGIN = fileURLToPath(new URL('./toy-groups-plugin.ts', import.meta.url));

// Background rows have a = 1, 3 (mean 2); target rows a = 10; other rows a = 100.
const DATA = 'a,b,cond\n1,0,background\n10,0,target\n3,0,background\n10,0,target\n100,0,other\n';

let w: Awaited<ReturnType<typeof workDir>>;
let data: string;
beforeAll(async () => {
  await initBackend();
  w = await workDir('groups');
  data = await w.file('groups.csv', DATA);
});
afterAll(() => w.cleanup());

const fit = (...args: string[]) => run(['fit', 'toy/groups', data, '--plugin', PLUGIN, '--json', ...args]);

describe('--group', () => {
  it('is required by a model that needs row groups, in one line', async () => {
    const r = await fit();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe("latentkit: toy/groups needs row groups: give --group <column> (the column holding each row's group)\n");
  });

  it('passes the groups to the model, which fits the background rows; transform writes the group column last', async () => {
    const model = join(w.dir, 'm.json');
    const r = await fit('--group', 'cond', '--out', model);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.params.background).toBe('background');
    expect(summary.d).toBe(2);
    const t = await run(['transform', model, data, '--plugin', PLUGIN, '--group', 'cond']);
    expect(t.code, t.stderr).toBe(0);
    // z1 = a − μ_a with μ_a = 2, the mean of the background rows only.
    expect(linesOf(t.stdout)).toEqual(['z1,cond', '-1,background', '8,target', '1,background', '8,target', '98,other']);
    const s = await run(['score', model, data, '--plugin', PLUGIN, '--group', 'cond', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const report = await run(['report', model, '--out', join(w.dir, 'r.html'), '--plugin', PLUGIN, '--group', 'cond']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toMatch(/could not be used/);
  });

  it('lists the columns when the group column does not exist, and refuses it for a Matrix Market file', async () => {
    const r = await fit('--group', 'condition');
    expect(r.stderr).toBe(`latentkit: ${data}:1: unknown group column 'condition'; available columns: a, b, cond\n`);
    const mtx = await w.file('c.mtx', '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 3\n');
    const m = await run(['fit', 'toy/groups', mtx, '--plugin', PLUGIN, '--group', 'cond']);
    expect(m.stderr).toBe(
      `latentkit: --group reads a column of a delimited text file (.csv, .tsv, .tab, .txt) or an obs column of an .h5ad file, but ${mtx} is neither\n`,
    );
  });

  it('refuses a group column with one value, naming it', async () => {
    const one = await w.file('one.csv', 'a,cond\n1,target\n2,target\n');
    const r = await run(['fit', 'toy/groups', one, '--plugin', PLUGIN, '--group', 'cond']);
    expect(r.stderr).toBe(`latentkit: toy/groups needs at least 2 row groups, but the group column 'cond' of ${one} has only the value 'target'\n`);
  });
});

describe('--background-value and --target-value', () => {
  it('--background-value sets the background hyperparameter, checked against the values found', async () => {
    const r = await fit('--group', 'cond', '--background-value', 'target');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).params.background).toBe('target');
    const bad = await fit('--group', 'cond', '--background-value', 'control');
    expect(bad.stderr).toBe(
      `latentkit: background group 'control' is not a value of the group column 'cond' of ${data}; values found: 'background', 'target', 'other' (set it with --background-value)\n`,
    );
    const clash = await fit('--group', 'cond', '--background-value', 'target', '--set', 'background=other');
    expect(clash.stderr).toBe('latentkit: --background-value target contradicts --set background=other; give one of them\n');
  });

  it('--background-value is refused for a model without a background hyperparameter', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--background-value', 'x']);
    expect(r.stderr).toBe("latentkit: --background-value: mixture/gmm has no 'background' hyperparameter (it does not fit row groups)\n");
  });

  it('--target-value keeps the background and target rows and says how many were dropped', async () => {
    const r = await fit('--group', 'cond', '--target-value', 'target');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(4);
    expect(r.stderr).toContain("note: --target-value target: dropped 1 rows whose group is neither 'background', 'target'\n");
    const bad = await fit('--group', 'cond', '--target-value', 'treated');
    expect(bad.stderr).toBe(
      `latentkit: --target-value treated is not a value of the group column 'cond' of ${data}; values found: 'background', 'target', 'other'\n`,
    );
    const none = await run(['fit', 'mixture/gmm', w.faithful, '--target-value', 'x']);
    expect(none.stderr).toBe("latentkit: --target-value needs row groups: give --group <column> (the column holding each row's group)\n");
  });

  it('select takes the same options', async () => {
    const r = await run([
      'select',
      'toy/groups',
      data,
      '--plugin',
      PLUGIN,
      '--group',
      'cond',
      '--target-value',
      'target',
      '--grid',
      'background=background',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(4);
    expect(await readFile(data, 'utf8')).toBe(DATA);
  });
});
