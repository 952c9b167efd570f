#!/usr/bin/env node
// latentkit side of the `fa-fit` benchmark (protocol: README.md): a whole factor analysis fit (factor/fa, method
// 'svd', K = 10) of the 1,797 × 64 digits matrix, from ψ = 1 to scikit-learn's stopping rule, timed `repeats` times.
import { fa, faDefaults } from '@latentkit/models-factor';
import { validateParams } from '@latentkit/registry';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dataFile, initFile, repeatsArg = '5'] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/fa.mjs <data.bin> <init.json> [repeats]');
  process.exit(2);
}
const repeats = Number(repeatsArg);
const k = 10;
const tolTotal = 1e-2; // scikit-learn's default tol, on the total log-likelihood
const maxIter = 1000;

// The data: scikit-learn's bundled digits (load_digits().data), committed as digits.csv (see README.md).
const here = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(here, 'digits.csv'), 'utf8').trim().split('\n');
const columns = lines[0].split(',');
const n = lines.length - 1;
const d = columns.length;
const values = new Float64Array(n * d);
lines.slice(1).forEach((line, i) => line.split(',').forEach((v, j) => (values[i * d + j] = Number(v))));
writeFileSync(dataFile, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
writeFileSync(
  initFile,
  JSON.stringify({
    n,
    d,
    k,
    tol: tolTotal,
    maxIter,
    noiseVarianceInit: 'ones',
    design: { note: 'scikit-learn load_digits().data (tooling/bench/digits.csv); the fit starts from psi = 1 as FactorAnalysis does' },
  }),
);
const data = { kind: 'dense', nRows: n, nCols: d, values, columns, source: 'digits.csv' };

const params = validateParams('factor/fa', fa.params, faDefaults, { nComponents: k, tol: tolTotal / n, maxIter });
const model = fa.create(params);
const terms = model.terms.em;

/** One fit as the EM engine runs it: stop when the mean log-likelihood changes by less than tol. */
function fitOnce() {
  const t0 = performance.now();
  const prepared = terms.prepare(data);
  let state = terms.init(prepared);
  const t1 = performance.now();
  const trace = [];
  let eMs = 0;
  let mMs = 0;
  for (let it = 0; it < maxIter; it++) {
    const a = performance.now();
    const { stats, objective } = terms.eStep(state, prepared);
    const b = performance.now();
    state = terms.mStep(state, stats, prepared);
    mMs += performance.now() - b;
    eMs += b - a;
    trace.push({ iteration: it + 1, objective });
    if (it > 0 && Math.abs(objective - trace[it - 1].objective) < params.tol) break;
  }
  const fitted = model.fitted(
    {
      state,
      trace,
      iterations: trace.length,
      converged: true,
      cancelled: false,
      objective: trace.at(-1).objective,
      seconds: 0,
      engine: 'inference/em',
      seed: 0,
      bestRestart: 0,
    },
    data,
    // Plugin API 2: the fit's bookkeeping (iterations, trace) lives in FitInfo, which the registry builds for a fit.
    {
      key: 'factor/fa',
      plugin: { name: '@latentkit/models-factor', version: 'bench' },
      engine: 'inference/em',
      seed: 0,
      iterations: trace.length,
      converged: true,
      fixedIterations: false,
      seconds: 0,
      trace,
      data: { kind: 'dense', nRows: n, nCols: d, columns, source: 'digits.csv' },
    },
  );
  const t2 = performance.now();
  return { ms: t2 - t0, prepareMs: t1 - t0, eMs, mMs, fitted };
}

fitOnce();
const runs = Array.from({ length: repeats }, fitOnce);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const last = runs[0].fitted;
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k,
    msPerIter: median(runs.map((r) => r.ms)),
    msPerFit: median(runs.map((r) => r.ms)),
    msPerFitMin: Math.min(...runs.map((r) => r.ms)),
    prepareMs: median(runs.map((r) => r.prepareMs)),
    eStepTotalMs: median(runs.map((r) => r.eMs)),
    mStepTotalMs: median(runs.map((r) => r.mMs)),
    iterations: last.iterations,
    meanLogLik: last.trace[0].objective,
    meanLogLikAfter: last.score(data),
    repeats,
  }),
);
