import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

// Real parts only: Debian's redis-server on a free loopback port, and `latentkit worker` processes of the built CLI
// (`pnpm test` builds first; .ci/run installs redis-server when it is missing).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const REDIS_SERVER = '/usr/bin/redis-server';

const children = new Set<ChildProcess>();

/** A loopback port free right now (redis-server cannot pick one itself: it has no `--port 0`). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface Proc {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly stdout: () => string;
  readonly exit: Promise<number | null>;
  /** Resolves when stderr has a line matching `re`, with that line. */
  readonly waitFor: (re: RegExp) => Promise<string>;
}

export function start(args: readonly string[]): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
export async function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = start(args);
  const code = await p.exit;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

export async function stop(ws: readonly Proc[]): Promise<void> {
  for (const w of ws) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGINT');
  await Promise.all(ws.map((w) => w.exit));
}

/** A redis-server of this test file and its scratch folder; `close` also kills every process {@link start} started. */
export interface RedisHarness {
  readonly dir: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Start redis-server on a free loopback port (no persistence) with a scratch folder named after `prefix`, once it answers PING. */
export async function startRedis(prefix: string): Promise<RedisHarness> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (apt-get install redis-server; .ci/run does)`);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (pnpm build)`);
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(dir, 'redis'));
  const port = await freePort();
  const redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', join(dir, 'redis')], {
    stdio: 'ignore',
  });
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.disconnect();
  return {
    dir,
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const c of children) c.kill('SIGKILL');
      redis.kill('SIGTERM');
      if (redis.exitCode === null) await new Promise((r) => redis.on('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
