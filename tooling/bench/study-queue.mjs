#!/usr/bin/env node
// A 40-job study (GMM, K = 3, on datasets/synthetic-gmm, N ∈ {500, 1000} × 20 replicates, ARI against the truth) run
// by the built CLI: in one process (`latentkit study`), then on a BullMQ queue over 1, 2 and 3 local worker processes
// (`latentkit worker`), each run from an empty output folder; and the queue's overhead per job, from a study of 40
// jobs that are all rejected at once (an unknown model: no fit, only the round trip through Redis), over one worker,
// against the same study in one process. Starts Debian's redis-server on a free loopback port and stops it.
// Wall-clock seconds include each command's start (about 2 s: the CLI bundle and the tfjs backend); workers are
// started and ready before the study command starts. Run after `pnpm build`:
//   node tooling/bench/study-queue.mjs [--workers 1,2,3] [--n 500,1000] [--replicates 20]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'apps', 'cli', 'dist', 'cli.js');
const { values: args } = parseArgs({
  options: { workers: { type: 'string', default: '1,2,3' }, n: { type: 'string', default: '500,1000' }, replicates: { type: 'string', default: '20' } },
});

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function start(argv) {
  const child = spawn(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.stdout.resume();
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code) => ((exited = true), resolve(code))));
  const ready = () =>
    new Promise((resolve, reject) => {
      const check = () => (/waiting for jobs/.test(err) ? resolve() : exited ? reject(new Error(err)) : setTimeout(check, 50));
      check();
    });
  return { child, exit, ready, stderr: () => err };
}

async function timed(argv) {
  const t0 = performance.now();
  const p = start(argv);
  const code = await p.exit;
  if (code !== 0) throw new Error(`latentkit ${argv.join(' ')} exited with ${code}: ${p.stderr().slice(-500)}`);
  return (performance.now() - t0) / 1000;
}

const dir = await mkdtemp(join(tmpdir(), 'latentkit-bench-study-'));
const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
  stdio: 'ignore',
});
await new Promise((r) => setTimeout(r, 500));
const ns = args.n.split(',').map(Number);
const reps = Number(args.replicates);
const spec = (name, key) => `name: ${name}
seed: 1
replicates: ${reps}
models: [{ key: ${key}, params: { nComponents: 3 } }]
datasets: [{ key: datasets/synthetic-gmm, options: { k: 3, d: 2 }, grid: { n: [${ns.join(', ')}] } }]
metrics: [{ metric: ari, truth: labels, pred: predict }]
`;
await writeFile(join(dir, 'fits.yaml'), spec('bench-fits', 'mixture/gmm'));
await writeFile(join(dir, 'rejected.yaml'), spec('bench-rejected', 'mixture/none'));
const jobs = ns.length * reps;
const rows = [];
try {
  rows.push({ run: `${jobs} fits, one process (no queue)`, seconds: await timed(['study', join(dir, 'fits.yaml'), '--out', join(dir, 'local')]) });
  for (const w of args.workers.split(',').map(Number)) {
    const workers = Array.from({ length: w }, () => start(['worker', '--queue', url, '--data-root', dir]));
    await Promise.all(workers.map((x) => x.ready()));
    const seconds = await timed(['study', join(dir, 'fits.yaml'), '--out', join(dir, `queue-${w}`), '--queue', url]);
    rows.push({ run: `${jobs} fits, queue, ${w} worker${w > 1 ? 's' : ''}`, seconds });
    for (const x of workers) x.child.kill('SIGINT');
    await Promise.all(workers.map((x) => x.exit));
  }
  const local = await timed(['study', join(dir, 'rejected.yaml'), '--out', join(dir, 'rejected-local')]);
  const one = start(['worker', '--queue', url, '--data-root', dir]);
  await one.ready();
  const queued = await timed(['study', join(dir, 'rejected.yaml'), '--out', join(dir, 'rejected-queue'), '--queue', url]);
  one.child.kill('SIGINT');
  await one.exit;
  rows.push({ run: `${jobs} rejected jobs, one process`, seconds: local });
  rows.push({ run: `${jobs} rejected jobs, queue, 1 worker`, seconds: queued });
  rows.push({ run: 'queue overhead per job (ms)', seconds: ((queued - local) / jobs) * 1000 });
} finally {
  redis.kill('SIGTERM');
  await new Promise((r) => redis.on('exit', r));
  await rm(dir, { recursive: true, force: true });
}
console.log('| run | seconds |\n|---|---|');
for (const r of rows) console.log(`| ${r.run} | ${r.seconds.toFixed(2)} |`);
