#!/usr/bin/env node
// latentkit side of the `gmm-em` benchmark (protocol: README.md): one EM iteration of mixture/gmm,
// full covariance, N = 200,000, D = 10, K = 16, timed from the same starting state each time, with the E-step in the
// calling thread (`msPerIter`) and on block pools of 2 and 4 worker threads (`threads`, `eStepSpeedup2`).
import { createRng, initBackend } from '@latentkit/core';
import { gaussianMixture } from '@latentkit/datasets';
import { gmm } from '@latentkit/models-mixture';
import { validateParams } from '@latentkit/registry';
import { writeFileSync } from 'node:fs';
import { sized } from './smoke.mjs';

const [dataFile, initFile, repeatsArg = '5'] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/gmm-em.mjs <data.bin> <init.json> [repeats]');
  process.exit(2);
}
const repeats = Number(repeatsArg);
const n = sized(200_000, 4096),
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
// One prepared copy of the data per thread count (1: the calling thread, no worker; 2 and 4: block pools), timed
// interleaved in this process. The E-steps on workers return promises.
const THREADS = [1, 2, 4];
const prepared = Object.fromEntries(THREADS.map((t) => [t, em.prepare(data, { threads: t })]));
const start = em.init(prepared[1], createRng(seed));

const iteration = async (t) => {
  const t0 = performance.now();
  const { stats, objective } = await em.eStep(start, prepared[t]);
  const t1 = performance.now();
  const next = em.mStep(start, stats, prepared[t]);
  const t2 = performance.now();
  return { e: t1 - t0, m: t2 - t1, objective, next };
};
for (const t of THREADS) await iteration(t);
const runs = Object.fromEntries(THREADS.map((t) => [t, []]));
for (let r = 0; r < repeats; r++) for (const t of THREADS) runs[t].push(await iteration(t));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const after = (await em.eStep(runs[1][0].next, prepared[1])).objective;
const byThreads = Object.fromEntries(
  THREADS.map((t) => [
    t,
    { msPerIter: median(runs[t].map((r) => r.e + r.m)), eStepMs: median(runs[t].map((r) => r.e)), mStepMs: median(runs[t].map((r) => r.m)) },
  ]),
);
for (const t of THREADS) {
  if (runs[t][0].objective !== runs[1][0].objective)
    throw new Error(`gmm-em: ${t} threads gave the objective ${runs[t][0].objective}, 1 thread ${runs[1][0].objective}`);
  await em.release?.(prepared[t]);
}
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k,
    msPerIter: byThreads[1].msPerIter,
    msPerIterMin: Math.min(...runs[1].map((r) => r.e + r.m)),
    eStepMs: byThreads[1].eStepMs,
    mStepMs: byThreads[1].mStepMs,
    threads: byThreads,
    eStepSpeedup2: byThreads[1].eStepMs / byThreads[2].eStepMs,
    meanLogLik: runs[1][0].objective,
    meanLogLikAfter: after,
    backend: backend.name,
    repeats,
  }),
);
