import { createRng } from '@latentkit/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, shardWorkers, start, startRedis, stop, type RedisHarness } from './queue-harness.js';

// 100 documents over 30 words from three topics of 10 words each, every document with at least one token.
const N_DOCS = 100;
const N_WORDS = 30;
const rng = createRng(11);
const counts = Array.from({ length: N_DOCS }, (_, d) =>
  Array.from({ length: N_WORDS }, (_, w) => (Math.floor(w / 10) === d % 3 ? 1 + Math.floor(5 * rng.uniform()) : Math.floor(1.3 * rng.uniform()))),
);
const SET = ['--set', 'nComponents=3', '--set', 'maxIter=6', '--set', 'maxDocUpdateIter=20', '--seed', '4'];

let harness: RedisHarness | undefined;
let dir: string;
let url: string;

/** Documents [start, end) as a Matrix Market count matrix (entries sorted by row). */
async function writeMtx(name: string, start: number, end: number): Promise<void> {
  const entries: string[] = [];
  for (let d = start; d < end; d++) counts[d].forEach((c, w) => c > 0 && entries.push(`${d - start + 1} ${w + 1} ${c}`));
  const text = ['%%MatrixMarket matrix coordinate integer general', `${end - start} ${N_WORDS} ${entries.length}`, ...entries].join('\n');
  await writeFile(join(dir, name), `${text}\n`);
}

/** Documents [start, end) as a CSV document-term matrix with the columns a `.mtx` file without vocabulary gets (x1 …). */
async function writeCsv(name: string, start: number, end: number): Promise<void> {
  const header = Array.from({ length: N_WORDS }, (_, w) => `x${w + 1}`).join(',');
  await writeFile(join(dir, name), `${[header, ...counts.slice(start, end).map((r) => r.join(','))].join('\n')}\n`);
}

interface ModelFile {
  state: { components: number[][]; docsSeen: number };
  fit: { iterations: number; trace: { objective: number }[] };
  sharded?: unknown;
}
const readModel = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as ModelFile;
const lines = (r: { stderr: string }) => r.stderr.trim().split('\n');

/** Norm-wise relative difference ‖a − b‖ / ‖b‖. */
const rel = (a: unknown, b: unknown) => {
  const x = [a].flat(2) as number[];
  const y = [b].flat(2) as number[];
  return Math.hypot(...x.map((v, i) => v - y[i])) / Math.hypot(...y);
};

beforeAll(async () => {
  harness = await startRedis('latentkit-sharded-lda-');
  ({ dir, url } = harness);
  await Promise.all([writeMtx('all.mtx', 0, 100), writeMtx('a.mtx', 0, 48), writeCsv('b.csv', 48, 80), writeMtx('c.mtx', 80, 100)]);
  await Promise.all([writeMtx('p.mtx', 0, 50), writeMtx('q.mtx', 50, 100)]);
  const mem = await cli(['fit', 'topic/lda', join(dir, 'all.mtx'), ...SET, '--out', join(dir, 'mem.json')]);
  expect(mem.code, mem.stderr).toBe(0);
});

afterAll(async () => {
  await harness?.close();
});

describe('latentkit fit topic/lda --shards (sharded batch VB over BullMQ flows)', () => {
  it('over 3 workers with shards on the 16-document blocks gives the in-memory fit bit for bit, and refuses --checkpoint in the library', async () => {
    const ws = await shardWorkers(url, dir, ['a=a.mtx', 'b=b.csv', 'c=c.mtx']);
    try {
      const r = await cli(['fit', 'topic/lda', '--queue', url, '--shards', 'a,b,c', ...SET, '--out', join(dir, 'sharded.json')]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`topic/lda fitted to shards a,b,c on ${url} (100 rows x 30 columns)`);
      const [mem, sharded] = await Promise.all([readModel(join(dir, 'mem.json')), readModel(join(dir, 'sharded.json'))]);
      expect(sharded.state.docsSeen).toBe(100);
      expect(sharded.state).toEqual(mem.state);
      expect(sharded.fit.trace).toEqual(mem.fit.trace);
      expect(sharded.fit.iterations).toBe(6);
      expect(sharded.sharded).toEqual({
        queue: url,
        shards: [
          { name: 'a', file: 'a.mtx', rows: 48 },
          { name: 'b', file: 'b.csv', rows: 32 },
          { name: 'c', file: 'c.mtx', rows: 20 },
        ],
      });
      // One prepare pass, then one E-step pass per sweep on every worker.
      for (const w of ws) {
        expect(w.stderr().match(/lda\/prepare/g)).toHaveLength(1);
        expect(w.stderr().match(/lda\/eStep/g)).toHaveLength(6);
      }
      const ckpt = await cli(['fit', 'topic/lda', '--queue', url, '--shards', 'a,b,c', ...SET, '--checkpoint', join(dir, 'ckpt.json')]);
      expect([ckpt.code, lines(ckpt).at(-1)]).toEqual([
        1,
        `latentkit: checkpoint: a sharded fit (shards a,b,c on ${url}) does not write checkpoints; fit without checkpoint`,
      ]);
    } finally {
      await stop(ws);
    }
  });

  it('with a shard boundary inside a block gives the in-memory fit to rounding (the same random starts)', async () => {
    const ws = await shardWorkers(url, dir, ['p=p.mtx', 'q=q.mtx']);
    try {
      const r = await cli(['fit', 'topic/lda', '--queue', url, '--shards', 'p,q', ...SET, '--out', join(dir, 'off.json')]);
      expect(r.code, r.stderr).toBe(0);
      const [mem, off] = await Promise.all([readModel(join(dir, 'mem.json')), readModel(join(dir, 'off.json'))]);
      // Only the float64 sums of the block cut in two are added in another order: far below the 1e-6.
      expect(rel(off.state.components, mem.state.components)).toBeLessThan(1e-12);
      expect(
        rel(
          off.fit.trace.map((t) => t.objective),
          mem.fit.trace.map((t) => t.objective),
        ),
      ).toBeLessThan(1e-12);
      expect(off.state.components).not.toEqual(mem.state.components);
    } finally {
      await stop(ws);
    }
  });

  it('fails in one line naming the shard after --shard-timeout when a shard has no worker, at the start or after its worker died', async () => {
    const none = await cli(['fit', 'topic/lda', '--queue', url, '--shards', 'nobody', '--shard-timeout', '2', ...SET]);
    expect([none.code, lines(none)]).toEqual([
      1,
      [
        `shard nobody: no worker serves it on ${url}; waiting up to 2 s (--shard-timeout)`,
        `latentkit: --shards nobody: no worker served shard 'nobody' on ${url} (queue latentkit-shard-nobody) for 2 s (--shard-timeout); start one with latentkit worker --queue ${url} --shard nobody=<file> --data-root <dir>`,
      ],
    ]);
    const [p, q] = await shardWorkers(url, dir, ['p=p.mtx', 'q=q.mtx']);
    try {
      const fit = start(['fit', 'topic/lda', '--queue', url, '--shards', 'p,q', '--shard-timeout', '3', ...SET, '--set', 'maxIter=1000']);
      await q.waitFor(/lda\/eStep/);
      q.child.kill('SIGKILL');
      const code = await fit.exit;
      expect([code, lines({ stderr: fit.stderr() }).at(-1)]).toEqual([
        1,
        `latentkit: --shards q: no worker served shard 'q' on ${url} (queue latentkit-shard-q) for 3 s (--shard-timeout); start one with latentkit worker --queue ${url} --shard q=<file> --data-root <dir>`,
      ]);
    } finally {
      await stop([p, q]);
    }
  });
});
