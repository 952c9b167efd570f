#!/usr/bin/env node
// latentkit side of the `gmm-em` benchmark (protocol: README.md): one EM iteration of mixture/gmm,
// full covariance, N = 200,000, D = 10, K = 16, timed from the same starting state each time.
import { createRng, initBackend } from '@latentkit/core';
import { gaussianMixture } from '@latentkit/datasets';
import { gmm } from '@latentkit/models-mixture';
import { validateParams } from '@latentkit/registry';
import { writeFileSync } from 'node:fs';

const [dataFile, initFile, repeatsArg = '5'] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/gmm-em.mjs <data.bin> <init.json> [repeats]');
  process.exit(2);
}
const repeats = Number(repeatsArg);
const n = 200_000,
  d = 10,
  k = 16,
  seed = 1,
  separation = 1;

const backend = await initBackend();
const { data } = gaussianMixture({ n, d, k, separation, seed });
const means = Array.from({ length: k }, (_, c) => Array.from(data.values.subarray(c * d, c * d + d)));
writeFileSync(dataFile, new Uint8Array(data.values.buffer, data.values.byteOffset, data.values.byteLength));
writeFileSync(
  initFile,
  JSON.stringify({
    n,
    d,
    k,
    covarianceType: 'full',
    regCovar: 1e-6,
    init: 'hardAssignment',
    means,
    design: { seed, s: separation, note: 'gaussianMixture() of @latentkit/datasets (ALGORITHMS.md §9.6); starting means = first K rows' },
  }),
);

const params = validateParams('mixture/gmm', gmm.params, gmm.defaults, { nComponents: k, covarianceType: 'full', meansInit: means });
const em = gmm.create(params).terms.em;
const prepared = em.prepare(data);
const start = em.init(prepared, createRng(seed));

const iteration = () => {
  const t0 = performance.now();
  const { stats, objective } = em.eStep(start, prepared);
  const t1 = performance.now();
  const next = em.mStep(start, stats, prepared);
  const t2 = performance.now();
  return { e: t1 - t0, m: t2 - t1, objective, next };
};
iteration();
const runs = Array.from({ length: repeats }, iteration);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const after = em.eStep(runs[0].next, prepared).objective;
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k,
    msPerIter: median(runs.map((r) => r.e + r.m)),
    msPerIterMin: Math.min(...runs.map((r) => r.e + r.m)),
    eStepMs: median(runs.map((r) => r.e)),
    mStepMs: median(runs.map((r) => r.m)),
    meanLogLik: runs[0].objective,
    meanLogLikAfter: after,
    backend: backend.name,
    repeats,
  }),
);
