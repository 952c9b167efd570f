#!/usr/bin/env node
// Peak resident memory and time per EM iteration of mixture/gmm (full covariance) against N and K (issue #14).
// Opt-in, not part of `pnpm bench`'s timed table: `pnpm -s build && node tooling/bench/memory-gmm.mjs [options]`.
//
//   --sizes 100000,200000,...   N of the memory table (default 100k, 200k, 400k, 800k, 1.6M)
//   --modes cli,lib             cli: the built CLI fits a CSV file; lib: the library fits an in-memory Float64Array
//   --iters 3                   EM iterations per fit (tol = 0, so exactly this many)
//   --k 16 --d 10               components and columns
//   --scaling                   instead: the time per EM iteration for N = 50k … 3.2M (K = 16) and K = 4 … 64 (N = 200k)
//   --stages N [--terms]        one library fit of N rows with a snapshot (RSS, JS heap, array buffers, tfjs bytes) per stage;
//                               --terms first runs prepare, init and the E-steps one by one, with a snapshot after each
//   --json                      one JSON line with every run after the table
//
// Peak resident memory is the child's maximum resident set size (process.resourceUsage().maxRSS for the library,
// /usr/bin/time's "Maximum resident set size" for the CLI, falling back to a Node wrapper when /usr/bin/time is
// missing), minus the same measurement on a 100-row file or array: the process's baseline with (almost) no data.
import { createRng, initBackend } from '@latentkit/core';
import { gaussianMixture } from '@latentkit/datasets';
import { em } from '@latentkit/inference';
import { gmm } from '@latentkit/models-mixture';
import { createRegistry, validateParams } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
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
  const data = makeData(n, d, k);
  snap('data');
  const registry = createRegistry().register(gmm, em);
  const params = { nComponents: k, covarianceType: 'full' };
  const times = [];
  let last = performance.now();
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
      if (!stages) times.push(now - last);
      last = now;
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

function runLib(n, d, k, iters, extra = []) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child-lib', '--n', String(n), '--d', String(d), '--k', String(k), '--iters', String(iters), ...extra],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0) throw new Error(`library child failed (N = ${n}): ${r.stderr}`);
  return lastJson(r.stdout);
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
    if (modes.includes('lib')) base.lib = runLib(100, d, k, iters).maxRssMB;
    if (modes.includes('cli')) {
      const f = join(dir, 'base.csv');
      await writeCsv(f, makeData(100, d, k));
      base.cli = runCli(f, 100, d, k, iters).maxRssMB;
    }
    console.error(`baselines (100 rows): ${JSON.stringify(base)} MB`);
    for (const n of sizes) {
      const dataMB = mb(n * d * 8);
      if (modes.includes('lib')) {
        const r = runLib(n, d, k, iters);
        rows.push({ ...r, dataMB, aboveMB: r.maxRssMB - base.lib });
        console.error(JSON.stringify(rows.at(-1)));
      }
      if (modes.includes('cli')) {
        const f = join(dir, `gmm-${n}.csv`);
        await writeCsv(f, makeData(n, d, k));
        const r = runCli(f, n, d, k, iters);
        rmSync(f);
        rows.push({ ...r, dataMB, aboveMB: r.maxRssMB - base.cli });
        console.error(JSON.stringify(rows.at(-1)));
      }
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

function scaling(args) {
  const iters = Number(option(args, 'iters', '3'));
  const ns = option(args, 'sizes', '50000,100000,200000,400000,800000,1600000,3200000').split(',').map(Number);
  const ks = option(args, 'ks', '4,8,16,32,64').split(',').map(Number);
  const rows = [];
  const run = (n, k) => {
    // The 3.2M point runs two iterations; the first includes k-means, so its second is the figure.
    const r = runLib(n, 10, k, n >= 3_200_000 ? Math.min(iters, 2) : iters);
    const perIter = r.times.length >= 3 ? [...r.times.slice(1)].sort((a, b) => a - b)[Math.floor((r.times.length - 1) / 2)] : r.times.at(-1);
    rows.push({ n, k, msPerIter: perIter, usPerRow: (perIter * 1000) / n, maxRssMB: r.maxRssMB, times: r.times });
    console.error(JSON.stringify(rows.at(-1)));
  };
  for (const n of ns) run(n, 16);
  for (const k of ks) if (k !== 16) run(200_000, k);
  console.log('| N | K | ms per EM iteration | µs per row | peak RSS |');
  console.log('|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.n.toLocaleString('en')} | ${r.k} | ${r.msPerIter.toFixed(0)} | ${r.usPerRow.toFixed(2)} | ${r.maxRssMB.toFixed(0)} MB |`);
  if (args.includes('--json')) console.log(JSON.stringify({ rows }));
}

const args = process.argv.slice(2);
if (args.includes('--child-lib')) await childLib(args);
else if (args.includes('--stages')) {
  const r = runLib(Number(option(args, 'stages')), Number(option(args, 'd', '10')), Number(option(args, 'k', '16')), Number(option(args, 'iters', '2')), [
    '--stages',
  ]);
  console.log('| stage | RSS | max RSS | JS heap | array buffers | tfjs tensors |');
  console.log('|---|---|---|---|---|---|');
  for (const s of r.snaps)
    console.log(
      `| ${s.stage} | ${s.rssMB.toFixed(0)} | ${s.maxRssMB.toFixed(0)} | ${s.heapUsedMB.toFixed(0)} | ${s.arrayBuffersMB.toFixed(0)} | ${s.tfMB.toFixed(0)} |`,
    );
} else if (args.includes('--scaling')) scaling(args);
else await memoryTable(args);
