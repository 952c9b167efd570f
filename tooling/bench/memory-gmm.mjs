#!/usr/bin/env node
// Peak resident memory and time per EM iteration of mixture/gmm (full covariance) against N and K (issue #14).
// Opt-in, not part of `pnpm bench`'s timed table: `pnpm -s build && node tooling/bench/memory-gmm.mjs [options]`.
//
//   --sizes 100000,200000,...   N of the memory table (default 100k, 200k, 400k, 800k, 1.6M)
//   --modes cli,lib             cli: the built CLI fits a CSV file; lib: the library fits an in-memory Float64Array
//   --iters 3                   EM iterations per fit (tol = 0, so exactly this many)
//   --k 16 --d 10               components and columns
//   --scaling                   instead: the time per EM iteration for N = 50k … 3.2M (K = 16) and K = 4 … 64 (N = 200k),
//                               started from the first K rows as means (--ks 4,8,... and --sizes choose the points)
//   --stages N [--terms]        one library fit of N rows with a snapshot (RSS, JS heap, array buffers, tfjs bytes) per stage;
//                               --terms first runs prepare, init and the E-steps one by one, with a snapshot after each
//   --json                      one JSON line with every run after the table
//
// Peak resident memory is the child's maximum resident set size (process.resourceUsage().maxRSS for the library,
// /usr/bin/time's "Maximum resident set size" for the CLI, falling back to a Node wrapper when /usr/bin/time is
// missing), minus the same measurement on a 100-row file or array: the process's baseline with (almost) no data.
// The library side reads the rows from a binary file into one Float64Array (the data's own 8·N·D bytes count), the CLI
// side fits a CSV file of the same rows (full precision, about 19 characters a number).
import { createRng, initBackend } from '@latentkit/core';
import { gaussianMixture } from '@latentkit/datasets';
import { em } from '@latentkit/inference';
import { gmm } from '@latentkit/models-mixture';
import { createRegistry, validateParams } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cli = join(root, 'apps/cli/dist/cli.js');
const seed = 1;

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

const mb = (bytes) => bytes / 2 ** 20;

/** The synthetic data set of the GMM benchmark (ALGORITHMS.md §9.6, s = 1), N × D. */
function makeData(n, d, k) {
  return gaussianMixture({ n, d, k, separation: 1, seed }).data;
}

/** N × D float64 rows, little-endian, row-major (the `gmm-em` data file format), as a dense dataset. */
function readBin(path, n, d) {
  const bytes = readFileSync(path);
  if (bytes.byteLength !== n * d * 8 || bytes.byteOffset % 8 !== 0) throw new Error(`${path}: expected ${n} × ${d} float64 numbers`);
  const values = new Float64Array(bytes.buffer, bytes.byteOffset, n * d);
  return { kind: 'dense', nRows: n, nCols: d, values, columns: Array.from({ length: d }, (_, j) => `x${j + 1}`), source: path };
}

function writeBin(path, ds) {
  writeFileSync(path, new Uint8Array(ds.values.buffer, ds.values.byteOffset, ds.values.byteLength));
}

async function writeCsv(path, ds) {
  const out = createWriteStream(path);
  const { nRows: n, nCols: d, values } = ds;
  out.write(ds.columns.join(',') + '\n');
  const chunk = 4096;
  for (let start = 0; start < n; start += chunk) {
    let text = '';
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      for (let j = 0; j < d; j++) text += (j ? ',' : '') + values[i * d + j];
      text += '\n';
    }
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
}

// ---- child: one library fit, reporting its peak RSS and per-iteration times ----
async function childLib(args) {
  const n = Number(option(args, 'n')),
    d = Number(option(args, 'd', '10')),
    k = Number(option(args, 'k', '16')),
    iters = Number(option(args, 'iters', '3'));
  const stages = args.includes('--stages');
  await initBackend();
  const snaps = [];
  const snap = (stage) => {
    if (!stages) return;
    const m = process.memoryUsage();
    snaps.push({
      stage,
      rssMB: mb(m.rss),
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      heapUsedMB: mb(m.heapUsed),
      arrayBuffersMB: mb(m.arrayBuffers),
      tfMB: mb(tf.memory().numBytes),
    });
  };
  snap('start');
  const data = readBin(option(args, 'file'), n, d);
  snap('data');
  const registry = createRegistry().register(gmm, em);
  // --means-init: start from the first K rows as means (the gmm-em benchmark's start) instead of k-means.
  const params = {
    nComponents: k,
    covarianceType: 'full',
    ...(args.includes('--means-init') ? { meansInit: Array.from({ length: k }, (_, c) => Array.from(data.values.subarray(c * d, c * d + d))) } : {}),
  };
  const times = [];
  // Wall-clock and CPU milliseconds per iteration (the backend runs on one thread: CPU time is the work, wall time
  // also holds the time other processes took the core).
  const cpuTimes = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage().user + process.cpuUsage().system;
  if (args.includes('--terms')) {
    const terms = gmm.create(validateParams('mixture/gmm', gmm.params, gmm.defaults, params)).terms.em;
    const prepared = terms.prepare(data);
    snap('prepare');
    let state = terms.init(prepared, createRng(seed));
    snap('init');
    for (let it = 0; it < iters; it++) {
      const t0 = performance.now();
      const { stats } = terms.eStep(state, prepared);
      snap(`e-step ${it + 1}`);
      state = terms.mStep(state, stats, prepared);
      times.push(performance.now() - t0);
    }
    tf.dispose([...prepared.blocks, ...prepared.blocksT]);
    snap('disposed');
  }
  const fitted = await registry.create('mixture/gmm', params).fit(data, {
    seed,
    maxIter: iters,
    tol: 0,
    onStep: () => {
      const now = performance.now();
      const cpu = process.cpuUsage();
      if (!stages) {
        times.push(now - last);
        cpuTimes.push((cpu.user + cpu.system - lastCpu) / 1000);
      }
      last = now;
      lastCpu = cpu.user + cpu.system;
      snap('fit: iteration');
    },
  });
  snap('fit');
  fitted.score(data);
  snap('score');
  fitted.dispose();
  const timesSorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      mode: 'lib',
      n,
      d,
      k,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      // The first iteration also holds the initialisation (k-means): the median leaves it out when there are ≥ 3.
      msPerIter: timesSorted[Math.floor(timesSorted.length / 2)],
      times,
      cpuTimes,
      tfBytesLive: tf.memory().numBytes,
      ...(stages ? { snaps } : {}),
    }),
  );
}

// ---- parent ----
function lastJson(text) {
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) if (l.startsWith('{')) return JSON.parse(l);
  throw new Error(`no JSON line in:\n${text}`);
}

/** One library fit in a fresh process, of the rows of `file` (written by {@link writeBin}). */
function runLib(file, n, d, k, iters, extra = []) {
  const script = fileURLToPath(import.meta.url);
  const args = [script, '--child-lib', '--file', file, '--n', String(n), '--d', String(d), '--k', String(k), '--iters', String(iters), ...extra];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`library child failed (N = ${n}): ${r.stderr}`);
  return lastJson(r.stdout);
}

/** The data set of N rows as a binary file and, with `csv`, a CSV file too, in `dir`. */
async function dataFiles(dir, n, d, k, csv) {
  const ds = makeData(n, d, k);
  const bin = join(dir, `gmm-${n}.bin`);
  writeBin(bin, ds);
  const text = csv ? join(dir, `gmm-${n}.csv`) : undefined;
  if (text) await writeCsv(text, ds);
  return { bin, csv: text };
}

const hasTime = existsSync('/usr/bin/time');

function runCli(file, n, d, k, iters) {
  const args = [
    cli,
    'fit',
    'mixture/gmm',
    file,
    '--set',
    `nComponents=${k}`,
    '--set',
    'covarianceType=full',
    '--engine-set',
    `maxIter=${iters}`,
    '--engine-set',
    'tol=0',
    '--seed',
    String(seed),
    '--json',
  ];
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(
        process.execPath,
        [
          '-e',
          `const r=require('child_process').spawnSync(process.execPath,${JSON.stringify(args)},{stdio:'inherit'});console.error('MAXRSS_KB='+process.resourceUsage().maxRSS);process.exit(r.status)`,
        ],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        },
      );
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`CLI failed (N = ${n}): ${r.stderr}`);
  const kb = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
  const summary = lastJson(r.stdout);
  return { mode: 'cli', n, d, k, maxRssMB: kb / 1024, wallS, fitSeconds: summary.seconds };
}

async function memoryTable(args) {
  const sizes = option(args, 'sizes', '100000,200000,400000,800000,1600000').split(',').map(Number);
  const modes = option(args, 'modes', 'cli,lib').split(',');
  const iters = Number(option(args, 'iters', '3'));
  const k = Number(option(args, 'k', '16')),
    d = Number(option(args, 'd', '10'));
  const dir = mkdtempSync(join(tmpdir(), 'latentkit-memory-'));
  const rows = [];
  try {
    const base = {};
    const small = await dataFiles(dir, 100, d, k, modes.includes('cli'));
    if (modes.includes('lib')) base.lib = runLib(small.bin, 100, d, k, iters).maxRssMB;
    if (modes.includes('cli')) base.cli = runCli(small.csv, 100, d, k, iters).maxRssMB;
    console.error(`baselines (100 rows): ${JSON.stringify(base)} MB`);
    for (const n of sizes) {
      const dataMB = mb(n * d * 8);
      const files = await dataFiles(dir, n, d, k, modes.includes('cli'));
      if (modes.includes('lib')) {
        const r = runLib(files.bin, n, d, k, iters);
        rows.push({ ...r, dataMB, aboveMB: r.maxRssMB - base.lib });
        console.error(JSON.stringify(rows.at(-1)));
      }
      if (modes.includes('cli')) {
        const r = runCli(files.csv, n, d, k, iters);
        rows.push({ ...r, dataMB, aboveMB: r.maxRssMB - base.cli });
        console.error(JSON.stringify(rows.at(-1)));
      }
      for (const f of Object.values(files)) if (f) rmSync(f);
    }
    console.log('| N | float64 data | mode | peak RSS | above baseline | ÷ data |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.n.toLocaleString('en')} | ${r.dataMB.toFixed(0)} MB | ${r.mode} | ${r.maxRssMB.toFixed(0)} MB | ${r.aboveMB.toFixed(0)} MB | ${(r.aboveMB / r.dataMB).toFixed(2)} |`,
      );
    }
    if (args.includes('--json')) console.log(JSON.stringify({ base, rows }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scaling(args) {
  const iters = Number(option(args, 'iters', '3'));
  const ns = option(args, 'sizes', '50000,100000,200000,400000,800000,1600000,3200000').split(',').map(Number);
  const ks = option(args, 'ks', '4,8,16,32,64').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'latentkit-scaling-'));
  const rows = [];
  // Started from the first K rows as means (no k-means), so that every timed iteration is one E-step and one M-step.
  const run = async (n, k) => {
    const { bin } = await dataFiles(dir, n, 10, k, false);
    // From 3.2M rows on, two iterations (the first also holds the initialisation; the second is the figure).
    const r = runLib(bin, n, 10, k, n >= 3_200_000 ? Math.min(iters, 2) : iters, ['--means-init']);
    rmSync(bin);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const perIter = median(r.times.slice(1));
    const cpuPerIter = median(r.cpuTimes.slice(1));
    rows.push({
      n,
      k,
      msPerIter: perIter,
      cpuMsPerIter: cpuPerIter,
      cpuUsPerRow: (cpuPerIter * 1000) / n,
      maxRssMB: r.maxRssMB,
      times: r.times,
      cpuTimes: r.cpuTimes,
    });
    console.error(JSON.stringify(rows.at(-1)));
  };
  try {
    for (const n of ns) await run(n, 16);
    for (const k of ks) if (k !== 16) await run(200_000, k);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('| N | K | CPU ms per EM iteration | CPU µs per row | wall ms per iteration | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.n.toLocaleString('en')} | ${r.k} | ${r.cpuMsPerIter.toFixed(0)} | ${r.cpuUsPerRow.toFixed(2)} | ${r.msPerIter.toFixed(0)} | ${r.maxRssMB.toFixed(0)} MB |`,
    );
  if (args.includes('--json')) console.log(JSON.stringify({ rows }));
}

async function stages(args) {
  const n = Number(option(args, 'stages'));
  const d = Number(option(args, 'd', '10'));
  const k = Number(option(args, 'k', '16'));
  const dir = mkdtempSync(join(tmpdir(), 'latentkit-stages-'));
  let r;
  try {
    const { bin } = await dataFiles(dir, n, d, k, false);
    r = runLib(bin, n, d, k, Number(option(args, 'iters', '2')), ['--stages', ...(args.includes('--terms') ? ['--terms'] : [])]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('| stage | RSS | max RSS | JS heap | array buffers | tfjs tensors |');
  console.log('|---|---|---|---|---|---|');
  for (const s of r.snaps)
    console.log(
      `| ${s.stage} | ${s.rssMB.toFixed(0)} | ${s.maxRssMB.toFixed(0)} | ${s.heapUsedMB.toFixed(0)} | ${s.arrayBuffersMB.toFixed(0)} | ${s.tfMB.toFixed(0)} |`,
    );
}

const args = process.argv.slice(2);
if (args.includes('--child-lib')) await childLib(args);
else if (args.includes('--stages')) await stages(args);
else if (args.includes('--scaling')) await scaling(args);
else await memoryTable(args);
