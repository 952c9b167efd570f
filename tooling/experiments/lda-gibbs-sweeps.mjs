#!/usr/bin/env node
// Perplexity of topic/lda fitted by collapsed Gibbs sampling on the State of the Union corpus (K = 10) against the
// number of sweeps; the measurement behind LDA_GIBBS_SWEEPS (200) in @latentkit/models-topic. One JSON line per fit.
// Run after `pnpm build`:  node tooling/experiments/lda-gibbs-sweeps.mjs [sweeps,...] [seeds,...]
import { workspaceImport } from './workspace-import.mjs';

const from = 'models-topic';
const { initBackend, splitRows } = await workspaceImport('@latentkit/core', from);
const { loadSotuCounts } = await workspaceImport('@latentkit/datasets', from);
const { cavi, gibbs } = await workspaceImport('@latentkit/inference', from);
const { createRegistry } = await workspaceImport('@latentkit/registry', from);
const { lda } = await import(new URL('../../packages/models-topic/dist/index.js', import.meta.url).href);

await initBackend();
const all = await loadSotuCounts();
const train = splitRows(all, 'train');
const test = splitRows(all, 'test');
const registry = createRegistry().register(lda, cavi, gibbs);
const sweepsList = (process.argv[2] ?? '25,50,100,200,300,500,1000').split(',').map(Number);
const seeds = (process.argv[3] ?? '0,1,2').split(',').map(Number);
for (const sweeps of sweepsList) {
  for (const seed of seeds) {
    const t0 = performance.now();
    const f = await registry.create('topic/lda', { nComponents: 10, maxIter: sweeps }).fit(train, { engine: 'inference/gibbs', seed });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        sweeps,
        seed,
        iterations: f.iterations,
        trainPerplexity: f.perplexity(train),
        testPerplexity: f.perplexity(test),
        testCompletion: f.documentCompletionPerplexity(test),
        seconds: Number(seconds.toFixed(1)),
      }),
    );
    f.dispose();
  }
}
