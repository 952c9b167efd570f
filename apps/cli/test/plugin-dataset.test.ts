import { initBackend } from '@latentkit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linesOf, paramRow, run, workDir } from './helpers.js';

/** Where the test plugin's `load` records the options it was called with. */
const CALLS = '__latentkitTestDatasetLoads';
const calls = (): Record<string, unknown>[] => ((globalThis as Record<string, unknown>)[CALLS] ??= []) as Record<string, unknown>[];

/**
 * A third-party dataset plugin, as a user would write it: a plain default-exported object declaring its options with
 * `params` (JSON-Schema fragments, as `int`/`real` build them) and `defaults`.
 */
const PLUGIN_MODULE = `
export default {
  kind: 'dataset',
  meta: { id: 'points', namespace: 'test-ds', name: 'latentkit-dataset-points', version: '0.1.0', apiVersion: 2, description: 'Points on a wobbly line around a centre.' },
  params: {
    centre: { type: 'number', minimum: 0, description: 'Centre of the first column (default 1).' },
    n: { type: 'integer', minimum: 2, description: 'Number of rows (default 40).' },
  },
  defaults: { centre: 1, n: 40 },
  async load(options = {}) {
    (globalThis.${CALLS} ??= []).push(options);
    const { centre = 1, n = 40 } = options;
    const values = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      values[2 * i] = centre + Math.sin(i);
      values[2 * i + 1] = Math.cos(3 * i);
    }
    return { kind: 'dense', nRows: n, nCols: 2, values, columns: ['x', 'y'] };
  },
};
`;

let w: Awaited<ReturnType<typeof workDir>>;
let plugin: string;
beforeAll(async () => {
  await initBackend();
  w = await workDir('plugin-dataset');
  plugin = await w.file('points-plugin.mjs', PLUGIN_MODULE);
});
afterAll(() => w.cleanup());
beforeEach(() => {
  calls().length = 0;
});

describe('a third-party dataset plugin with its own options (--plugin)', () => {
  it('is listed by latentkit list among the datasets', async () => {
    const r = await run(['list', '--plugin', plugin]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\ndatasets\n(.*\n)* {2}test-ds\/points +latentkit-dataset-points@0\.1\.0 +Points on a wobbly line/);
  });

  it('shows its options with their defaults and ranges with latentkit list <key>', async () => {
    const r = await run(['list', 'test-ds/points', '--plugin', plugin]);
    expect(r.code, r.stderr).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines[0]).toBe('test-ds/points (dataset, latentkit-dataset-points@0.1.0)');
    expect(lines).toContain('  options (--data name=value):');
    const row = (name: string) => paramRow(lines, name);
    expect(row('centre')).toEqual(['centre', 'number', '1', 'a number >= 0', 'Centre of the first column (default 1).']);
    expect(row('n')).toEqual(['n', 'integer', '40', 'an integer >= 2', 'Number of rows (default 40).']);
  });

  it('passes the validated, coerced --data values and the defaults to its load', async () => {
    const r = await run(['fit', 'mixture/gmm', 'test-ds/points', '--plugin', plugin, '--data', 'centre=2.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(calls()).toEqual([{ centre: 2.5, n: 40 }]);
    expect(JSON.parse(linesOf(r.stdout)[0]).n).toBe(40);
  });

  it.each([
    [['centre=-1'], 'latentkit: test-ds/points: --data centre=-1 is invalid: expected a number >= 0'],
    [['n=1.5'], 'latentkit: test-ds/points: --data n=1.5 is invalid: expected an integer >= 2'],
    [['radius=2'], "latentkit: test-ds/points: unknown --data option 'radius'; it takes centre, n"],
  ])('rejects --data %j in one line naming the option, before loading', async (data, message) => {
    const r = await run(['fit', 'mixture/gmm', 'test-ds/points', '--plugin', plugin, ...data.flatMap((d) => ['--data', d])]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([message]);
    expect(calls()).toEqual([]);
  });
});
