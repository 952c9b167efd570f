#!/usr/bin/env node
// latentkit side of the `lda-batch` benchmark (protocol: README.md): batch variational Bayes for topic/lda on the
// State of the Union count matrix (233 documents x 9535 words), K = 20, 50 iterations from the seed-free start
// lambda0 = hashComponents(K, V), E-steps from scikit-learn's Gamma(100, 1/100) starting points (our generator).
import { createRng, initBackend } from '@latentkit/core';
import { loadSotuCounts } from '@latentkit/datasets';
import { initialLda, lda } from '@latentkit/models-topic';
import { validateParams } from '@latentkit/registry';
import { writeFileSync } from 'node:fs';
import { sized } from './smoke.mjs';

const [dataFile, initFile] = process.argv.slice(2);
if (!dataFile || !initFile) {
  console.error('usage: node tooling/bench/lda.mjs <data.bin> <init.json> [repeats (ignored: one timed fit)]');
  process.exit(2);
}
const k = 20,
  maxIter = sized(50, 5),
  seed = 1;

const backend = await initBackend();
const data = await loadSotuCounts();
const { nRows: n, nCols: d, indptr, indices } = data;
const nnz = indptr[n];
const bytes = new Uint8Array(4 * (n + 1) + 4 * nnz + 8 * nnz);
bytes.set(new Uint8Array(indptr.buffer, indptr.byteOffset, 4 * (n + 1)), 0);
bytes.set(new Uint8Array(indices.buffer, indices.byteOffset, 4 * nnz), 4 * (n + 1));
bytes.set(new Uint8Array(data.data.buffer, data.data.byteOffset, 8 * nnz), 4 * (n + 1 + nnz));
writeFileSync(dataFile, bytes);
writeFileSync(
  initFile,
  JSON.stringify({
    n,
    d,
    nnz,
    k,
    maxIter,
    seed,
    docTopicPrior: 1 / k,
    topicWordPrior: 1 / k,
    meanChangeTol: 1e-3,
    maxDocUpdateIter: 100,
    init: 'hash',
    design: {
      note: 'loadSotuCounts() of @latentkit/datasets (CountVectorizer settings of tooling/reference/sotu_reference.py), all 233 documents; lambda0 = hashComponents(k, d)',
    },
  }),
);

const params = validateParams('topic/lda', lda.params, lda.defaults, { nComponents: k, maxIter, init: 'hash' });
const terms = lda.create(params).terms.cavi;
// The timed fit runs its E-step on a block pool of THREADS worker threads (default 2, this machine's cores); five
// sweeps in the calling thread (1 thread) first give the per-iteration time the speed-up is taken against.
const THREADS = Number(process.env.LDA_BENCH_THREADS ?? 2);
const single = terms.prepare(data, { threads: 1 });
let s1 = terms.init(single, createRng(seed));
await terms.sweep(s1, single);
const t1 = performance.now();
for (let i = 0; i < 5; i++) s1 = (await terms.sweep(s1, single)).state;
const msPerIter1 = (performance.now() - t1) / 5;
await terms.release(single);
const prepared = terms.prepare(data, { threads: THREADS });
const perWord = (lambda) =>
  initialLda({ ...params, initComponents: Array.from({ length: k }, (_, t) => Array.from(lambda.subarray(t * d, (t + 1) * d))) }, data.vocabulary).score(data);

await terms.sweep(terms.init(prepared, createRng(seed)), prepared);
let state = terms.init(prepared, createRng(seed));
const meanLogLik = perWord(state.lambda);
const iterMs = [];
const t0 = performance.now();
for (let i = 0; i < maxIter; i++) {
  const t = performance.now();
  state = (await terms.sweep(state, prepared)).state;
  iterMs.push(performance.now() - t);
}
const fitMs = performance.now() - t0;
const workers = prepared.pool.pool.workers;
await terms.release(prepared);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    impl: 'latentkit',
    n,
    d,
    k,
    nnz,
    maxIter,
    msPerIter: fitMs / maxIter,
    fitMs,
    msPerIterMedian: median(iterMs),
    // One sweep does the E-step, the bound and the M-step; they are not timed apart.
    eStepMs: null,
    mStepMs: null,
    meanLogLik,
    meanLogLikAfter: perWord(state.lambda),
    threads: THREADS,
    workers,
    msPerIter1Thread: msPerIter1,
    // The same five iterations (1–5 from the same start) on 1 and on THREADS threads.
    speedup: msPerIter1 / (iterMs.slice(0, 5).reduce((a, b) => a + b, 0) / 5),
    backend: backend.name,
    repeats: 1,
  }),
);
