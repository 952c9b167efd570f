import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, killAll, start, stop, testRedis, workers, type TestRedis } from './queue-harness.js';

// Real parts only: Debian's redis-server on a free loopback port, and `latentkit worker` processes of the built CLI.
let dir: string;
let work: string;
let redis: TestRedis | undefined;

/** Three overlapping blobs in 2 dimensions, 150 rows, with a deterministic jitter: restarts of a GMM end apart. */
function blobs(shift = 0): string {
  const rows = ['x,y'];
  for (let i = 0; i < 150; i++) {
    const c = i % 3;
    const jitter = (a: number) => Math.sin(12.9898 * (i + 1) * a + shift) * 1.3;
    rows.push(`${(2 * c + jitter(1)).toFixed(4)},${((c === 1 ? 2 : 0) + jitter(2.7)).toFixed(4)}`);
  }
  return `${rows.join('\n')}\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-select-queue-'));
  work = join(dir, 'work');
  await mkdir(join(work, 'data'), { recursive: true });
  await writeFile(join(work, 'data', 'blobs.csv'), blobs());
  redis = await testRedis(join(dir, 'redis'));
});

afterAll(async () => {
  await redis?.kill();
  killAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The wall-clock seconds of each fit: the only thing a rerun, queued or not, cannot repeat. */
const withoutSeconds = (text: string): string => text.replace(/"seconds":[-+.\deE]+/g, '"seconds":0');
const csvWithoutSeconds = (csv: string): string => {
  const lines = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const col = lines[0].indexOf('seconds');
  return lines.map((cells) => cells.filter((_, j) => j !== col).join(',')).join('\n');
};

describe('latentkit select --queue with latentkit worker (real Redis, real worker processes)', () => {
  it('fits one job per K and restart over 3 workers and gives the local table, JSON and CSV', async () => {
    const args = ['select', 'mixture/gmm', 'data/blobs.csv', '--k', '1..3', '--set', 'nInit=3', '--seed', '5'];
    const local = await cli(args, work);
    expect(local.code, local.stderr).toBe(0);
    const localJson = await cli([...args, '--json', '--out', 'local.csv'], work);
    expect(localJson.code, localJson.stderr).toBe(0);

    const ws = await workers(redis!.url, 3, work, 30_000);
    try {
      const queued = await cli([...args, '--queue', redis!.url], work);
      expect(queued.code, queued.stderr).toBe(0);
      expect(queued.stderr).toMatch(/select: 9 jobs \(3 settings, one per restart\) on redis:\/\/127\.0\.0\.1:\d+ queue latentkit-study; waiting for workers/);
      expect(queued.stdout).toBe(local.stdout);
      const queuedJson = await cli([...args, '--json', '--out', 'queued.csv', '--queue', redis!.url], work);
      expect(queuedJson.code, queuedJson.stderr).toBe(0);
      expect(withoutSeconds(queuedJson.stdout)).toBe(withoutSeconds(localJson.stdout));
      expect(csvWithoutSeconds(await readFile(join(work, 'queued.csv'), 'utf8'))).toBe(csvWithoutSeconds(await readFile(join(work, 'local.csv'), 'utf8')));
      // One job per (K, restart), 18 in all, spread over the workers.
      const done = ws.map((w) => w.stderr().match(/^select \w+: nComponents=\d restart \d\/3: done/gm)?.length ?? 0);
      expect(done.reduce((a, b) => a + b)).toBe(18);
      expect(done.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      await stop(ws);
    }
  });

  it('takes its jobs off the queue on Ctrl-C, as nobody will collect them', async () => {
    const select = start(['select', 'mixture/gmm', 'data/blobs.csv', '--k', '1..2', '--set', 'nInit=2', '--queue', redis!.url], work);
    await select.waitFor(/select: 4 jobs .*; waiting for workers/);
    const client = new Redis(redis!.url);
    try {
      // The line comes as the jobs are being added: wait until all 4 are there.
      for (let i = 0; i < 100 && (await client.keys('bull:latentkit-study:select.*')).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await client.keys('bull:latentkit-study:select.*')).toHaveLength(4);
      select.child.kill('SIGINT');
      expect(await select.exit).toBe(130);
      expect(select.stderr()).toContain("cancelled; this run's jobs were removed from the queue");
      expect(await client.keys('bull:latentkit-study:select.*')).toEqual([]);
      expect(await client.llen('bull:latentkit-study:wait')).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('stops when a worker’s data differ from the run’s, and refuses files outside the folder it runs in', async () => {
    const other = join(dir, 'other');
    await mkdir(join(other, 'data'), { recursive: true });
    await writeFile(join(other, 'data', 'blobs.csv'), blobs(0.5));
    const ws = await workers(redis!.url, 1, work, 30_000);
    try {
      const differ = await cli(['select', 'mixture/gmm', 'data/blobs.csv', '--k', '2', '--queue', redis!.url], other);
      expect(differ.code).toBe(1);
      expect(differ.stderr).toMatch(
        /a worker rejected the fit of mixture\/gmm nComponents=2: the data here differ from the select run's \(data hash [0-9a-f]{12}, expected [0-9a-f]{12}\)/,
      );
      const outside = await cli(['select', 'mixture/gmm', '../other/data/blobs.csv', '--k', '2', '--queue', redis!.url], work);
      expect(outside.code).toBe(1);
      expect(outside.stderr).toContain('<train-file> ../other/data/blobs.csv: select --queue sends data files as paths under the folder it runs in');
    } finally {
      await stop(ws);
    }
  });
});
