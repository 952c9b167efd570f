import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { THREE_MEANS_3D, toyMixtureData } from '@latentkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, shardWorkers, startRedis, stop, type RedisHarness } from './queue-harness.js';

// 20,000 rows: two full E-step blocks of 8,192 rows and a short one.
const data = toyMixtureData({ nRows: 20_000, seed: 7, means: THREE_MEANS_3D });
const SET = ['--set', 'nComponents=3', '--set', 'initSample=3000', '--set', 'maxIter=40', '--set', 'tol=1e-5', '--seed', '3'];

let harness: RedisHarness | undefined;
let dir: string;
let url: string;

/** Rows [start, end) as a CSV file in the scratch folder. */
async function writeRows(name: string, start: number, end: number): Promise<void> {
  const d = data.nCols;
  const lines = [data.columns.join(',')];
  for (let i = start; i < end; i++) lines.push(Array.from(data.values.subarray(i * d, (i + 1) * d), String).join(','));
  await writeFile(join(dir, name), `${lines.join('\n')}\n`);
}

interface ModelFile {
  state: { weights: number[]; means: number[][]; covariances: number[][][] };
  fit: { iterations: number; converged: boolean; trace: { objective: number }[] };
  sharded?: unknown;
}
const readModel = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as ModelFile;

beforeAll(async () => {
  harness = await startRedis('latentkit-sharded-em-');
  ({ dir, url } = harness);
  await writeRows('all.csv', 0, 20_000);
  await Promise.all([writeRows('a.csv', 0, 8192), writeRows('b.csv', 8192, 16_384), writeRows('c.csv', 16_384, 20_000)]);
  await Promise.all([writeRows('p.csv', 0, 5000), writeRows('q.csv', 5000, 20_000)]);
  const mem = await cli(['fit', 'mixture/gmm', join(dir, 'all.csv'), ...SET, '--out', join(dir, 'mem.json')]);
  expect(mem.code, mem.stderr).toBe(0);
});

afterAll(async () => {
  await harness?.close();
});

describe('latentkit fit --shards (sharded GMM EM over BullMQ flows)', () => {
  it('over 3 workers with shards on the fixed row blocks gives the in-memory fit bit for bit, and the model file says how', async () => {
    const ws = await shardWorkers(url, dir, ['a=a.csv', 'b=b.csv', 'c=c.csv']);
    try {
      const r = await cli(['fit', 'mixture/gmm', '--queue', url, '--shards', 'a,b,c', ...SET, '--out', join(dir, 'sharded.json')]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`mixture/gmm fitted to shards a,b,c on ${url} (20000 rows x 3 columns)`);
      const [mem, sharded] = await Promise.all([readModel(join(dir, 'mem.json')), readModel(join(dir, 'sharded.json'))]);
      expect(mem.fit.converged).toBe(true);
      expect(sharded.state).toEqual(mem.state);
      expect(sharded.fit.trace).toEqual(mem.fit.trace);
      expect(sharded.fit.iterations).toBe(mem.fit.iterations);
      expect(sharded.sharded).toEqual({
        queue: url,
        shards: [
          { name: 'a', file: 'a.csv', rows: 8192 },
          { name: 'b', file: 'b.csv', rows: 8192 },
          { name: 'c', file: 'c.csv', rows: 3616 },
        ],
      });
      // Each worker loaded its shard once and answered the chained prepare pass once.
      for (const w of ws) expect(w.stderr().match(/gmm\/prepare/g)).toHaveLength(1);
    } finally {
      await stop(ws);
    }
  });

  it('with shard boundaries off the row blocks gives the in-memory fit to 1e-6 relative, not bit for bit', async () => {
    const ws = await shardWorkers(url, dir, ['p=p.csv', 'q=q.csv']);
    try {
      const r = await cli(['fit', 'mixture/gmm', '--queue', url, '--shards', 'p,q', ...SET, '--out', join(dir, 'off.json')]);
      expect(r.code, r.stderr).toBe(0);
      const [mem, off] = await Promise.all([readModel(join(dir, 'mem.json')), readModel(join(dir, 'off.json'))]);
      // Norm-wise relative error ‖a − b‖ / ‖b‖ of each parameter array.
      const rel = (a: unknown, b: unknown) => {
        const x = [a].flat(3) as number[];
        const y = [b].flat(3) as number[];
        return Math.hypot(...x.map((v, i) => v - y[i])) / Math.hypot(...y);
      };
      // Shard q starts at row 5000: both shards cut their rows on the concatenated rows' grid of E-step blocks (1024
      // rows), so only the block [4096, 5120) is summed in two float32 parts. Measured here (2026-12-08, 5 iterations
      // each): weights 1.1e-8, means 1.0e-8, covariances 5.2e-8, objectives 2.2e-8 (before, with blocks of 8192 rows
      // from each shard's first row, 2026-12-07: 1.06e-6, 8.0e-8, 1.50e-6, 1.42e-6). Bound: issue #15's 1e-6.
      const objectives = (m: ModelFile) => m.fit.trace.map((t) => t.objective);
      expect(off.fit.iterations).toBe(mem.fit.iterations);
      expect(rel(off.state.weights, mem.state.weights)).toBeLessThan(1e-6);
      expect(rel(off.state.means, mem.state.means)).toBeLessThan(1e-6);
      expect(rel(off.state.covariances, mem.state.covariances)).toBeLessThan(1e-6);
      expect(rel(objectives(off), objectives(mem))).toBeLessThan(1e-6);
      // Not the same bits: the straddling block rounds differently in two parts.
      expect(off.state.means).not.toEqual(mem.state.means);
    } finally {
      await stop(ws);
    }
  });

  it('says in one line what is wrong with a shard name, a shard no worker serves (after --shard-timeout), a path outside the data root and an unreachable Redis', async () => {
    const lines = (r: { stderr: string }) => r.stderr.trim().split('\n');
    const badName = await cli(['fit', 'mixture/gmm', '--queue', url, '--shards', 'a,b:c']);
    expect([badName.code, lines(badName)]).toEqual([1, ["latentkit: --shards: shard name 'b:c' must be letters, digits, '_' or '-'"]]);
    const unserved = await cli(['fit', 'mixture/gmm', '--queue', url, '--shards', 'nobody', '--shard-timeout', '1']);
    expect([unserved.code, lines(unserved).at(-1)]).toEqual([
      1,
      `latentkit: --shards nobody: no worker served shard 'nobody' on ${url} (queue latentkit-shard-nobody) for 1 s (--shard-timeout); start one with latentkit worker --queue ${url} --shard nobody=<file> --data-root <dir>`,
    ]);
    const outside = await cli(['worker', '--queue', url, '--shard', 'x=../outside.csv', '--data-root', dir]);
    expect(outside.code).toBe(1);
    expect(lines(outside)).toEqual([
      expect.stringMatching(/^latentkit: --shard x=\.\.\/outside\.csv: data path '\.\.\/outside\.csv' is outside the data root /),
    ]);
    const missing = await cli(['worker', '--queue', url, '--shard', 'x=nope.csv', '--data-root', dir]);
    expect([missing.code, lines(missing)]).toEqual([
      1,
      [expect.stringMatching(/^latentkit: --shard x=nope\.csv: .*nope\.csv: cannot read the file \(no such file\)$/)],
    ]);
    const closed = await cli(['fit', 'mixture/gmm', '--queue', 'redis://127.0.0.1:1', '--shards', 'a']);
    expect([closed.code, lines(closed)]).toEqual([1, ['latentkit: cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1']]);
  });
});
