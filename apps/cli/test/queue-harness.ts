// Real parts only, for the tests of the queue: Debian's redis-server on a free loopback port, and `latentkit`
// processes of the built CLI (`pnpm test` builds first; .ci/run installs redis-server when it is missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const REDIS_SERVER = '/usr/bin/redis-server';

const children = new Set<ChildProcess>();

/** A loopback port free right now (redis-server cannot pick one itself: it has no `--port 0`). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A running `latentkit` process. */
export interface Proc {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly stdout: () => string;
  readonly exit: Promise<number | null>;
  /** Resolves when stderr has a line matching `re`, with that line. */
  readonly waitFor: (re: RegExp) => Promise<string>;
}

/** Start `latentkit <args>` (in `cwd` when given). */
export function start(args: readonly string[], cwd?: string): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd && { cwd }) });
  children.add(child);
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => {
    err += d;
    for (const w of [...waiters]) {
      const line = err.split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exit,
    waitFor: (re) => {
      const line = err.split('\n').find((l) => re.test(l));
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiters.push({ re, resolve }));
    },
  };
}

/** Run `latentkit <args>` to its end. */
export async function cli(args: readonly string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = start(args, cwd);
  const code = await p.exit;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/**
 * Start `n` workers on the queue, with lock and stall intervals shorter than BullMQ's defaults so that a killed worker's
 * job moves on within seconds. The lock must outlast the longest stretch a live worker's event loop is busy with a fit
 * (it renews the lock between stretches): 1.5 s was too short on the 2-core CI machine under the parallel suite, where
 * a live worker's job stalled twice and was failed (CI, 2026-12-06); 8 s is several times a whole job's time here.
 * Tests that kill no worker pass BullMQ's default 30 s (`lockMs`), so that no load can make a live worker's job stall.
 */
export async function workers(url: string, n: number, root: string, lockMs = 8000): Promise<Proc[]> {
  const ws = Array.from({ length: n }, () =>
    start(['worker', '--queue', url, '--data-root', root, '--lock-duration', String(lockMs), '--stalled-interval', String(Math.min(lockMs, 1000))]),
  );
  await Promise.all(ws.map((w) => w.waitFor(/waiting for jobs/)));
  return ws;
}

/** One `latentkit worker --shard <name>=<file>` per entry of `shards`, with `root` as its data root, once each serves its queue. */
export async function shardWorkers(url: string, root: string, shards: readonly string[]): Promise<Proc[]> {
  const ws = shards.map((s) => start(['worker', '--queue', url, '--shard', s, '--data-root', root]));
  await Promise.all(ws.map((w) => w.waitFor(/serving shard/)));
  return ws;
}

/** Ctrl-C the workers still running and wait for them to exit. */
export async function stop(ws: readonly Proc[]): Promise<void> {
  for (const w of ws) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGINT');
  await Promise.all(ws.map((w) => w.exit));
}

/** A redis-server of a test: its URL, and start/kill to take it away and bring it back on the same port and folder. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Start it (again) and wait until it answers. */
  start(): Promise<void>;
  /** Kill it with `signal` and wait until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A redis-server on a free loopback port keeping its files in `dir`: without persistence, or with `appendonly` (the
 * append-only file fsynced at every write, so that a killed server loses nothing it acknowledged).
 */
export async function testRedis(dir: string, options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (apt-get install redis-server; .ci/run does)`);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (pnpm build)`);
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const persistence = options.appendonly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let server: ChildProcess | undefined;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], { stdio: 'ignore' });
      children.add(server);
      const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      for (let i = 0; ; i++) {
        try {
          await client.connect();
          // The server answering must be this one, not another test's that took the port first.
          const pid = /process_id:(\d+)/.exec(await client.info('server'))?.[1];
          if (pid !== String(server.pid)) throw new Error(`port ${port} is answered by redis-server pid ${pid}, not ours (${server.pid})`);
          break;
        } catch (e) {
          if (i > 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      client.disconnect();
    },
    async kill(signal = 'SIGTERM') {
      const s = server;
      if (!s || s.exitCode !== null || s.signalCode !== null) return;
      const gone = new Promise((r) => s.on('exit', r));
      s.kill(signal);
      await gone;
      children.delete(s);
    },
  };
  await redis.start();
  return redis;
}

/** Kill every process a test started and has not seen exit (afterAll). */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
}

/**
 * Write `<dir>/<name>.yaml`: a study of a 3-component GMM on `datasets/synthetic-gmm` (3 clusters in 3 dimensions) at
 * each of the sample sizes `ns`, `replicates` times, scored by ARI against the labels; returns its path.
 */
export async function gmmStudySpec(dir: string, name: string, replicates: number, ns: readonly number[]): Promise<string> {
  const spec = join(dir, `${name}.yaml`);
  await writeFile(
    spec,
    `name: ${name}
replicates: ${replicates}
models: [{ key: mixture/gmm, params: { nComponents: 3 } }]
datasets: [{ key: datasets/synthetic-gmm, options: { k: 3, d: 3 }, grid: { n: [${ns.join(', ')}] } }]
metrics: [{ metric: ari, truth: labels, pred: predict }]
`,
  );
  return spec;
}

/** A redis-server of one test file and its scratch folder; `close` also kills every process {@link start} started. */
export interface RedisHarness {
  readonly dir: string;
  readonly url: string;
  close(): Promise<void>;
}

/** {@link testRedis} (no persistence) with a scratch folder named after `prefix`, for a whole test file. */
export async function startRedis(prefix: string): Promise<RedisHarness> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const redis = await testRedis(join(dir, 'redis'));
  return {
    dir,
    url: redis.url,
    close: async () => {
      killAll();
      await redis.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
