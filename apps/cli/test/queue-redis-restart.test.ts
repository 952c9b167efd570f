import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gmmStudySpec, killAll, start, stop, testRedis, workers, type TestRedis } from './queue-harness.js';

// Real parts only: Debian's redis-server with its append-only file, killed and started again on the same port and
// folder while a queued study runs on real `latentkit worker` processes.
let dir: string;
let redis: TestRedis | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-redis-restart-'));
  redis = await testRedis(join(dir, 'redis'), { appendonly: true });
});

afterAll(async () => {
  await redis?.kill();
  killAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

describe('a queued study while Redis (append-only) is killed and started again', () => {
  it('waits for Redis with one line, and finishes with every job recorded exactly once', async () => {
    const spec = await gmmStudySpec(dir, 'restart-gmm', 8, [800, 1600]);
    const ws = await workers(redis!.url, 2, dir, 30_000);
    try {
      const study = start(['study', spec, '--out', join(dir, 'out'), '--queue', redis!.url, '--json']);
      await study.waitFor(/^\[3\/16\]/);
      // Kill it just as a worker starts a job, so that the job is computed while Redis is away.
      const started = () => ws.reduce((n, w) => n + count(w.stderr(), /: started$/gm), 0);
      const before = started();
      while (started() === before) await new Promise((r) => setTimeout(r, 10));
      await redis!.kill('SIGKILL');
      await study.waitFor(/lost Redis at/);
      await new Promise((r) => setTimeout(r, 1500));
      await redis!.start();
      expect(await study.exit, study.stderr()).toBe(0);
      const lines = (await readFile(join(dir, 'out', 'results.jsonl'), 'utf8')).trim().split('\n');
      const failures = lines.filter((l) => (JSON.parse(l) as { status: string }).status !== 'done');
      expect(JSON.parse(study.stdout()), [...failures, study.stderr(), ...ws.map((w) => w.stderr())].join('\n')).toMatchObject({
        jobs: 16,
        done: 16,
        failed: 0,
        removed: 0,
      });
      const ids = lines.map((l) => (JSON.parse(l) as { id: string; status: string }).id);
      expect(ids).toHaveLength(16);
      expect(new Set(ids).size).toBe(16);
      // One line when Redis went away and one when it came back, however many reconnections failed in between.
      expect(count(study.stderr(), /^restart-gmm: lost Redis at redis:\/\/127\.0\.0\.1:\d+: .*; waiting for it to come back$/gm)).toBe(1);
      expect(count(study.stderr(), /^restart-gmm: Redis at redis:\/\/127\.0\.0\.1:\d+ is back$/gm)).toBe(1);
      for (const w of ws) {
        expect(w.child.exitCode).toBeNull();
        expect(count(w.stderr(), /: lost Redis at /g)).toBeLessThanOrEqual(1);
      }
    } finally {
      await stop(ws);
    }
  });
});
