import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, start, startRedis, stop, type Proc, type RedisHarness } from './queue-harness.js';

/**
 * Start `n` workers on the queue, with lock and stall intervals shorter than BullMQ's defaults so that a killed worker's
 * job moves on within seconds. The lock must outlast the longest stretch a live worker's event loop is busy with a fit
 * (it renews the lock between stretches): 1.5 s was too short on the 2-core CI machine under the parallel suite, where
 * a live worker's job stalled twice and was failed (CI, 2026-12-06); 8 s is several times a whole job's time here.
 */
async function workers(n: number, root: string): Promise<Proc[]> {
  const ws = Array.from({ length: n }, () => start(['worker', '--queue', url, '--data-root', root, '--lock-duration', '8000', '--stalled-interval', '1000']));
  await Promise.all(ws.map((w) => w.waitFor(/waiting for jobs/)));
  return ws;
}

const jsonLines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; status: string; error?: string; worker?: string });

let dir: string;
let url: string;
let harness: RedisHarness | undefined;

beforeAll(async () => {
  harness = await startRedis('latentkit-study-queue-');
  ({ dir, url } = harness);
});

afterAll(async () => {
  await harness?.close();
});

const SPEC = `
name: queue-gmm
seed: 11
replicates: 4
models:
  - { key: mixture/gmm, label: GMM, params: { nComponents: 3 } }
  - { key: mixture/nope, label: nope }
datasets:
  - { key: datasets/synthetic-gmm, label: synthetic, options: { k: 3, separation: 3 }, grid: { n: [60, 120] } }
  - { path: ../outside.csv, label: outside, labelColumn: cls }
metrics:
  - { metric: ari, truth: labels, pred: predict }
  - score
`;

describe('latentkit study --queue with latentkit worker (real Redis, real worker processes)', () => {
  it('gives the local table bit for bit over 3 workers, rejects unknown plugins and paths outside the data root, and reruns nothing', async () => {
    const specDir = join(dir, 'specs');
    await mkdir(specDir);
    const spec = join(specDir, 'queue-gmm.yaml');
    await writeFile(spec, SPEC);
    await writeFile(join(dir, 'outside.csv'), 'x,y,cls\n1,2,a\n3,4,b\n');
    const local = await cli(['study', spec, '--out', join(dir, 'local'), '--json']);
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ jobs: 24, done: 8, rejected: 16, failed: 0, ran: 24 });

    const ws = await workers(3, specDir);
    try {
      const queued = await cli(['study', spec, '--out', join(dir, 'queued'), '--queue', url, '--json']);
      expect(queued.code, queued.stderr).toBe(0);
      expect(JSON.parse(queued.stdout)).toMatchObject({ jobs: 24, done: 8, rejected: 16, failed: 0, ran: 24, skipped: 0 });
      const csv = await readFile(join(dir, 'queued', 'results.csv'), 'utf8');
      expect(csv).toBe(await readFile(join(dir, 'local', 'results.csv'), 'utf8'));
      // Every worker took jobs, and the results say which.
      const results = await jsonLines(join(dir, 'queued', 'results.jsonl'));
      expect(new Set(results.map((r) => r.worker)).size).toBeGreaterThan(1);
      const reasons = new Set(results.filter((r) => r.status === 'rejected').map((r) => r.error));
      expect([...reasons].sort()).toEqual([
        expect.stringMatching(/^data path '\.\.\/outside\.csv' is outside the data root \/.*\/specs$/),
        expect.stringMatching(/^model: unknown model 'mixture\/nope'; registered models: .*mixture\/gmm/),
      ]);
      // A finished study runs nothing again, here or on the queue.
      const again = await cli(['study', spec, '--out', join(dir, 'queued'), '--queue', url, '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ ran: 0, skipped: 24, done: 8 });
      expect(await readFile(join(dir, 'queued', 'results.csv'), 'utf8')).toBe(csv);
      expect(JSON.parse((await cli(['study', spec, '--out', join(dir, 'local'), '--json'])).stdout)).toMatchObject({ ran: 0, skipped: 24 });
      const html = await readFile(join(dir, 'queued', 'report.html'), 'utf8');
      expect(html).toContain('ari against n');
      expect(html).toContain('<svg');
    } finally {
      await stop(ws);
    }
  });

  it('retries the job of a worker killed with SIGKILL mid-job on another worker, and records all 40 jobs exactly once', async () => {
    const spec = join(dir, 'kill.yaml');
    await writeFile(
      spec,
      `name: kill-gmm
replicates: 20
models: [{ key: mixture/gmm, params: { nComponents: 3 } }]
datasets: [{ key: datasets/synthetic-gmm, options: { k: 3, d: 3 }, grid: { n: [1500, 3000] } }]
metrics: [{ metric: ari, truth: labels, pred: predict }]
`,
    );
    const ws = await workers(3, dir);
    try {
      const study = start(['study', spec, '--out', join(dir, 'kill'), '--queue', url, '--json']);
      const [victim, line] = await Promise.race(ws.map((w) => w.waitFor(/: started$/).then((l) => [w, l] as const)));
      victim.child.kill('SIGKILL');
      const killedJob = /^kill-gmm\/([0-9a-f]+) /.exec(line)![1];
      expect(await study.exit, study.stderr()).toBe(0);
      expect(JSON.parse(study.stdout())).toMatchObject({ jobs: 40, done: 40, failed: 0 });
      // It died computing the job: it never finished it, and another worker did.
      expect(victim.stderr()).not.toMatch(new RegExp(`${killedJob} .*: done`));
      const results = await jsonLines(join(dir, 'kill', 'results.jsonl'));
      expect(results).toHaveLength(40);
      expect(new Set(results.map((r) => r.id)).size).toBe(40);
      const retried = results.find((r) => r.id === killedJob)!;
      expect(retried.status).toBe('done');
      expect(retried.worker).not.toBe(`${/worker (\S+):/.exec(victim.stderr())![1]}`);
      expect(ws.filter((w) => w !== victim).some((w) => new RegExp(`${killedJob} .*: done`).test(w.stderr()))).toBe(true);
    } finally {
      await stop(ws);
    }
  });

  it('leaves an interrupted queued study on the queue, and --cancel removes its jobs', async () => {
    const spec = join(dir, 'cancel.yaml');
    await writeFile(spec, 'name: cancel-me\nreplicates: 5\nmodels: [{ key: mixture/gmm }]\ndatasets: [{ key: datasets/iris }]\nmetrics: [score]\n');
    const study = start(['study', spec, '--out', join(dir, 'cancel'), '--queue', url]);
    await study.waitFor(/waiting for workers/);
    study.child.kill('SIGINT');
    expect(await study.exit).toBe(130);
    expect(study.stderr()).toMatch(/cancelled; 5 of 5 jobs unfinished, .*; rerun to resume/);
    const client = new Redis(url);
    try {
      expect(await client.llen('bull:latentkit-study:wait')).toBe(5);
      const cancelled = await cli(['study', spec, '--queue', url, '--cancel']);
      expect(cancelled.stdout).toBe(`cancel-me: removed 5 jobs from ${url} queue latentkit-study\n`);
      expect(await client.llen('bull:latentkit-study:wait')).toBe(0);
      expect(await client.keys('bull:latentkit-study:cancel-me.*')).toEqual([]);
    } finally {
      client.disconnect();
    }
  });
});
