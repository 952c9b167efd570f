import { initBackend, liveWorkers, type CountDataset } from '@latentkit/core';
import { loadSotuCounts } from '@latentkit/datasets';
import { cavi, onlineVi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import { corpusOf } from './lda-corpus.js';
import type { FittedLda } from './lda-fitted.js';
import { cutBlocks, LDA_DOC_BLOCK, LDA_MIN_NNZ_PER_THREAD, ldaThreads, openLdaPool } from './lda-threads.js';

const registry = createRegistry().register(lda, cavi, onlineVi);

describe('the LDA E-step on block-pool threads', () => {
  let sotu: CountDataset;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    sotu = await loadSotuCounts();
  });

  it('cuts documents into blocks of LDA_DOC_BLOCK with their distinct words, and gives each thread at least LDA_MIN_NNZ_PER_THREAD non-zeros', () => {
    const corpus = corpusOf(sotu, 'test');
    const blocks = cutBlocks(corpus);
    expect(blocks).toHaveLength(Math.ceil(corpus.nDocs / LDA_DOC_BLOCK));
    expect(blocks.reduce((s, b) => s + b.nDocs, 0)).toBe(corpus.nDocs);
    const b = blocks[1];
    expect([...b.words]).toEqual([...new Set(b.indices)].sort((x, y) => x - y));
    expect(b.first).toBe(LDA_DOC_BLOCK);
    expect(ldaThreads(8, 2 * LDA_MIN_NNZ_PER_THREAD - 1)).toBe(1);
    expect(ldaThreads(8, 3 * LDA_MIN_NNZ_PER_THREAD)).toBe(3);
    expect(ldaThreads(2, 100 * LDA_MIN_NNZ_PER_THREAD)).toBe(2);
  });

  it('runs on several workers for the State of the Union with 8 threads, and in the calling thread with 1', async () => {
    const corpus = corpusOf(sotu, 'test');
    const many = openLdaPool(corpus, 5, { threads: 8 });
    const one = openLdaPool(corpus, 5, { threads: 1 });
    try {
      expect(many.pool.workers).toBe(Math.min(8, Math.floor(corpus.indptr[corpus.nDocs] / LDA_MIN_NNZ_PER_THREAD)));
      expect(many.pool.workers).toBeGreaterThan(2);
      expect(one.pool.workers).toBe(0);
    } finally {
      await many.pool.close();
      await one.pool.close();
    }
    expect(liveWorkers()).toBe(0);
  });

  for (const learningMethod of ['batch', 'online'] as const) {
    it(`gives bit-identical topics and traces for 1, 2 and 8 threads (${learningMethod}, random E-step starts)`, async () => {
      const fits: FittedLda[] = [];
      for (const threads of [1, 2, 8]) {
        // At most 10 updates per document keeps the test short; the blocks and the generators are those of any fit.
        const model = registry.create('topic/lda', { nComponents: 4, maxIter: 2, maxDocUpdateIter: 10, learningMethod, batchSize: 64 });
        fits.push((await model.fit(sotu, { seed: 4, threads })) as FittedLda);
      }
      for (const f of fits.slice(1)) {
        expect(f.topics.lambda).toEqual(fits[0].topics.lambda);
        expect(f.trace).toEqual(fits[0].trace);
      }
      expect(fits[0].trace).toHaveLength(2);
      expect(fits.map((f) => f.info.provenance?.threads)).toEqual([1, 2, 8]);
      expect(liveWorkers()).toBe(0);
    });
  }

  it('terminates its workers when a threaded fit is cancelled, keeping the last good state', async () => {
    const controller = new AbortController();
    let during = 0;
    const model = registry.create('topic/lda', { nComponents: 3, maxIter: 20, maxDocUpdateIter: 5 });
    const fitted = (await model.fit(sotu, {
      seed: 0,
      threads: 2,
      onStep: ({ iteration }) => {
        during = liveWorkers();
        if (iteration === 1) controller.abort();
      },
      signal: controller.signal,
    })) as FittedLda;
    expect(during).toBe(2);
    expect(fitted.iterations).toBe(1);
    expect(liveWorkers()).toBe(0);
  });
});
