#!/usr/bin/env node
// How often does mixture/gmm (full covariance, scikit-learn's defaults: k-means init, regCovar 1e-6, tol 1e-3,
// 100 iterations) stop with a "not positive definite" error on ordinary data? Fits the data sets of
// gmm-robustness-data.mjs over several seeds and prints, per setting, the failures and the mean log-likelihood
// per row averaged over the fits that succeeded (one JSON line per setting, then a table).
//
//   node tooling/experiments/gmm-robustness.mjs [--root DIR] [--only NAME] [--write-data DIR]
//
// --root DIR: the repository whose built packages (DIR/packages/*/dist) are measured (default: this checkout;
//   `--root /work/main` measures another build, e.g. the code before a change). LATENTKIT_ROOT works too.
// --only NAME: run the settings whose name contains NAME.
// --write-data DIR: also write every data set as CSV for the scikit-learn companion (gmm_robustness_sklearn.py).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { diabetesLike, head, separatedLarge, thyroidLike } from './gmm-robustness-data.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = resolve(option('--root') ?? process.env.LATENTKIT_ROOT ?? fileURLToPath(new URL('../..', import.meta.url)));
const only = option('--only');
const writeData = option('--write-data');

const req = createRequire(join(root, 'packages/models-mixture/package.json'));
const load = (name) => import(pathToFileURL(req.resolve(name)).href);
const { initBackend } = await load('@latentkit/core');
const { createRegistry } = await load('@latentkit/registry');
const { em } = await load('@latentkit/inference');
const { gmm } = await load('@latentkit/models-mixture');

const thyroid = thyroidLike();
const diabetes = diabetesLike();
const large = separatedLarge(200_000);
const seeds = (n) => Array.from({ length: n }, (_, i) => i);
const settings = [
  { name: 'thyroid-like K=4', data: thyroid, k: 4, seeds: seeds(10) },
  { name: 'thyroid-like K=6', data: thyroid, k: 6, seeds: seeds(20) },
  { name: 'diabetes-like K=8', data: diabetes, k: 8, seeds: seeds(5) },
  { name: 'separated 50k K=6', data: head(large, 50_000), k: 6, seeds: seeds(3) },
  { name: 'separated 100k K=6', data: head(large, 100_000), k: 6, seeds: seeds(3) },
  { name: 'separated 200k K=6', data: large, k: 6, seeds: seeds(3) },
].filter((s) => !only || s.name.includes(only));

if (writeData) {
  mkdirSync(writeData, { recursive: true });
  for (const s of settings) {
    const file = join(writeData, `${s.name.replace(/[^a-z0-9]+/gi, '-')}.csv`);
    const lines = [s.data.columns.join(',')];
    for (let i = 0; i < s.data.nRows; i++) lines.push(Array.from(s.data.values.subarray(i * s.data.nCols, (i + 1) * s.data.nCols)).join(','));
    writeFileSync(file, lines.join('\n') + '\n');
    writeFileSync(file.replace(/\.csv$/, '.json'), JSON.stringify({ name: s.name, k: s.k, seeds: s.seeds }));
  }
}

const backend = await initBackend();
const registry = createRegistry().register(gmm, em);
const results = [];
for (const s of settings) {
  let failures = 0;
  let firstError = null;
  const scores = [];
  const t0 = performance.now();
  for (const seed of s.seeds) {
    try {
      const fitted = await registry.create('mixture/gmm', { nComponents: s.k }).fit(s.data, { seed });
      scores.push(fitted.score(s.data));
      fitted.dispose?.();
    } catch (e) {
      failures += 1;
      firstError ??= String(e?.message ?? e).split('\n')[0];
    }
  }
  const meanLogLik = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const row = {
    setting: s.name,
    rows: s.data.nRows,
    fits: s.seeds.length,
    failures,
    meanLogLik,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    firstError,
  };
  results.push(row);
  console.log(JSON.stringify(row));
}
console.log(`\nroot ${root}, backend ${backend.name ?? backend}`);
console.log('| setting | rows | failures | mean log-likelihood per row (successful fits) |');
console.log('|---|---|---|---|');
for (const r of results) console.log(`| ${r.setting} | ${r.rows} | ${r.failures} of ${r.fits} | ${r.meanLogLik === null ? '–' : r.meanLogLik.toFixed(4)} |`);
