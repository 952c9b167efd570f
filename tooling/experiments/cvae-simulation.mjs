#!/usr/bin/env node
// Contrastive-VAE simulation (issue 13, "Done when" (a)–(c); ALGORITHMS.md §3.7). Data (cvae-sim-data.mjs): shared z
// and salient t in R², each from an equal-weight 3-component Gaussian mixture Σ_k N(μ_k, I), μ_k ~ N(0, 3²·I),
// t = 0 on background rows, x = f(z, t) + N(0, 0.1²·I) with f a random ReLU MLP 4 → 32 → 32 → 20; the data seed is the
// fit seed. Model: `contrastive/cvae` (Gaussian likelihood, learned σ_j), hidden [--hidden], Adam.
//
// Scores (on the target rows only, ẑ and t̂ the posterior means of `transform`), with `blockR2` of @latentkit/metrics
// (kernel ridge, RBF, α = 0.1, γ = 1/d′ on standardised inputs; a seeded shuffle, then 2,000 target rows train and
// 1,000 test):
// - shared = R²(true z | ẑ), salient = R²(true t | t̂) (block identifiability);
// - leakage = max(R²(true t | ẑ), R²(true z | t̂)); both parts are printed (tFromZ, zFromT);
// - the same four with a linear probe (linear-r2.mjs: OLS with intercept, first 2,000 rows train, next 1,000 test):
//   lin:shared, lin:salient, lin:leakage. A linear probe misses nonlinear leakage, the kernel ridge finds it, so the
//   two bracket what "leakage" can mean; the PyTorch reference prints both with the same rules;
// - mcc:z, mcc:t = MCC (`mcc` of @latentkit/metrics, Pearson, Hungarian matching) of each true block and its
//   estimated block (component identifiability; (c) compares prior 'mixture' with 'gaussian').
// Parts: (a) right sizes, sharedDim = salientDim = 2, prior gaussian; (b) shared block over-specified (sharedDim 4):
// plain, each regulariser ('wasserstein', 'mmd', 'hsic', weighted), 'mgda' (hsic) and 'constrained' (hsic);
// (c) prior 'mixture' vs 'gaussian' at the right sizes. Mean ± standard error over seeds.
//
// Run after `pnpm build` (one JSON line per fit on stdout, then a Markdown table per part):
//   node tooling/experiments/cvae-simulation.mjs [--parts a,b,c] [--seeds 1,2,3,4,5] [--rows 600] [--epochs 50]
//        [--jobs 2] [--hidden 64] [--batch 64] [--lr 3e-3] [--full] [--configs name,name] [--json out.jsonl]
// `--full` is the paper-sized design: 4,000 rows per group, 100 epochs, hidden 128, lr 1e-3 (the PyTorch
// reference's settings, tooling/reference/cvae_reference.py).
import { fork } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { simulate } from './cvae-sim-data.mjs';
import { linearR2 } from './linear-r2.mjs';
import { workspaceImport } from './workspace-import.mjs';

/** The fitted configurations, by part: name → model parameters on top of the common ones. */
const OVER = { sharedDim: 4, salientDim: 2, prior: 'gaussian', regularizer: 'none', training: 'weighted' };
const CONFIGS = {
  a: { right: { sharedDim: 2, salientDim: 2, prior: 'mixture', priorComponents: 3, regularizer: 'none', training: 'weighted' } },
  b: {
    plain: { ...OVER },
    wasserstein: { ...OVER, regularizer: 'wasserstein', regularizerWeight: 5 },
    mmd: { ...OVER, regularizer: 'mmd', regularizerWeight: 1000 },
    hsic: { ...OVER, regularizer: 'hsic', regularizerWeight: 10 },
    mgda: { ...OVER, training: 'mgda' },
    'mgda-hsic': { ...OVER, regularizer: 'hsic', regularizerWeight: 10, training: 'mgda' },
    'constrained-hsic': { ...OVER, regularizer: 'hsic', training: 'constrained', constraintBound: 0.002 },
    'constrained-wasserstein': { ...OVER, regularizer: 'wasserstein', training: 'constrained', constraintBound: 0.05 },
    mixture: { ...OVER, prior: 'mixture', priorComponents: 3 },
    'mixture-hsic': { ...OVER, prior: 'mixture', priorComponents: 3, regularizer: 'hsic', regularizerWeight: 10 },
  },
  c: {
    gaussian: { sharedDim: 2, salientDim: 2, prior: 'gaussian' },
    mixture: { sharedDim: 2, salientDim: 2, prior: 'mixture', priorComponents: 3 },
  },
};

/** One fit: simulate, fit, score. Returns the JSON record. */
async function runOne(job) {
  const { initBackend } = await workspaceImport('@latentkit/core');
  const { createRegistry } = await workspaceImport('@latentkit/registry');
  const { vi } = await workspaceImport('@latentkit/inference');
  const { cvae } = await workspaceImport('@latentkit/models-vae');
  const { blockR2, mcc } = await workspaceImport('@latentkit/metrics', 'metrics');
  await initBackend();
  const sim = simulate({ nBackground: job.rows, nTarget: job.rows, seed: job.seed });
  const params = { hiddenUnits: [job.hidden], epochs: job.epochs, batchSize: job.batch, learningRate: job.lr, ...job.params };
  const start = Date.now();
  const fitted = await createRegistry().register(cvae, vi).create('contrastive/cvae', params).fit(sim.data, { seed: job.seed });
  const seconds = (Date.now() - start) / 1000;
  const latent = fitted.transform(sim.data);
  fitted.dispose();
  const { sharedDim: dz, salientDim: dt } = params;
  const rows = [];
  sim.group.forEach((g, i) => g === 1 && rows.push(i));
  const pick = (v, width, off, dim) => rows.map((i) => Array.from({ length: dim }, (_, a) => v[i * width + off + a]));
  const zHat = pick(latent.values, dz + dt, 0, dz);
  const tHat = pick(latent.values, dz + dt, dz, dt);
  const z = pick(sim.z, 2, 0, 2);
  const t = pick(sim.t, 2, 0, 2);
  const r = (truth, pred) => blockR2(truth, pred).value;
  const out = {
    part: job.part,
    config: job.config,
    seed: job.seed,
    rows: job.rows,
    epochs: job.epochs,
    data: sim.source,
    shared: r(z, zHat),
    salient: r(t, tHat),
    tFromZ: r(t, zHat),
    zFromT: r(z, tHat),
    'lin:shared': linearR2(z, zHat),
    'lin:salient': linearR2(t, tHat),
    'lin:leakage': Math.max(linearR2(t, zHat), linearR2(z, tHat)),
    'mcc:z': mcc(z, zHat).value,
    'mcc:t': mcc(t, tHat).value,
    seconds,
  };
  return { ...out, leakage: Math.max(out.tFromZ, out.zFromT) };
}

const meanSe = (v) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const se = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length) : NaN;
  return `${m.toFixed(2)} ± ${Number.isNaN(se) ? '–' : se.toFixed(2)}`;
};

function table(part, records) {
  const cols = ['shared', 'salient', 'tFromZ', 'zFromT', 'leakage', 'lin:shared', 'lin:salient', 'lin:leakage', 'mcc:z', 'mcc:t', 'seconds'];
  const lines = [`| part ${part} | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`];
  for (const name of Object.keys(CONFIGS[part])) {
    const rs = records.filter((r) => r.part === part && r.config === name);
    if (rs.length) lines.push(`| ${name} (${rs.length} seeds) | ${cols.map((c) => meanSe(rs.map((r) => r[c]))).join(' | ')} |`);
  }
  return lines.join('\n');
}

if (process.argv[2] === '--one') {
  process.send(await runOne(JSON.parse(process.argv[3])));
  process.exit(0);
}

const { values: a } = parseArgs({
  options: {
    parts: { type: 'string', default: 'a,b,c' },
    seeds: { type: 'string', default: '1,2,3,4,5' },
    rows: { type: 'string' },
    epochs: { type: 'string' },
    hidden: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    jobs: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    full: { type: 'boolean', default: false },
    configs: { type: 'string' },
    set: { type: 'string', default: '{}' },
    json: { type: 'string' },
  },
});
const full = a.full;
const common = {
  rows: +(a.rows ?? (full ? 4000 : 600)),
  epochs: +(a.epochs ?? (full ? 100 : 50)),
  hidden: +(a.hidden ?? (full ? 128 : 64)),
  batch: +(a.batch ?? (full ? 128 : 64)),
  lr: +(a.lr ?? (full ? 1e-3 : 3e-3)),
};
const extra = JSON.parse(a.set);
const seeds = a.seeds.split(',').map(Number);
const only = a.configs?.split(',');
const jobs = [];
for (const part of a.parts.split(','))
  for (const [config, params] of Object.entries(CONFIGS[part]))
    if (!only || only.includes(config)) for (const seed of seeds) jobs.push({ ...common, part, config, seed, params: { ...params, ...extra } });

const records = [];
const t0 = Date.now();
let next = 0;
async function worker() {
  while (next < jobs.length) {
    const job = jobs[next++];
    const rec = await new Promise((resolve, reject) => {
      const child = fork(new URL(import.meta.url).pathname, ['--one', JSON.stringify(job)]);
      child.on('message', resolve);
      child.on('exit', (code) => code && reject(new Error(`fit ${job.config} seed ${job.seed} exited with ${code}`)));
    });
    records.push(rec);
    const line = JSON.stringify(rec);
    console.log(line);
    if (a.json) appendFileSync(a.json, line + '\n');
  }
}
await Promise.all(Array.from({ length: +a.jobs }, worker));
console.log(`\n${jobs.length} fits in ${((Date.now() - t0) / 1000).toFixed(0)} s (${JSON.stringify(common)})\n`);
for (const part of a.parts.split(',')) console.log(table(part, records) + '\n');
