import { splitRows, type CountDataset } from '@latentkit/core';
import { ldaCorpus } from '@latentkit/datasets';
import { cavi, gibbs, onlineVi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { traceProblems } from '@latentkit/testing';
import { describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import type { FittedLda } from './lda-fitted.js';

const { data: corpus } = ldaCorpus({ nDocs: 120, vocabSize: 90, nTopics: 3, docLength: 60, alpha: 0.2, eta: 0.05, seed: 5 });
const train = splitRows(corpus, 'train');
const test = splitRows(corpus, 'test');
const registry = () => createRegistry().register(lda, cavi, onlineVi, gibbs);
const fit = async (params: Record<string, unknown>, engine?: string, data: CountDataset = train) =>
  (await registry()
    .create('topic/lda', { nComponents: 3, ...params })
    .fit(data, { seed: 1, ...(engine && { engine }) })) as FittedLda;

describe('topic/lda', () => {
  it('fits by inference/cavi by default, by inference/online-vi with learningMethod "online", and by the engine asked for', async () => {
    expect((await fit({ maxIter: 2 })).info.engine).toBe('inference/cavi');
    const online = await fit({ maxIter: 2, learningMethod: 'online', batchSize: 32 });
    expect(online.info.engine).toBe('inference/online-vi');
    // 96 training documents in minibatches of 32: 3 updates per pass.
    expect(online.nBatchIter).toBe(1 + 2 * 3);
    expect((await fit({ maxIter: 2, learningMethod: 'online' }, 'inference/gibbs')).toJSON().fit.engine).toBe('inference/gibbs');
  });

  it('scores with the bound per word, scikit-learn’s perplexity = exp(−bound per word) and the completion perplexity', async () => {
    const fitted = await fit({ maxIter: 20 });
    expect(fitted.scoreNames).toEqual(['boundPerWord', 'perplexity', 'documentCompletionPerplexity']);
    const s = fitted.scores(test);
    expect(s.perplexity).toBeCloseTo(Math.exp(-s.boundPerWord), 9);
    expect(fitted.perplexity(test)).toBeCloseTo(s.perplexity, 9);
    let words = 0;
    for (const c of test.data) words += c;
    expect(fitted.bound(test) / words).toBeCloseTo(s.boundPerWord, 12);
    // Three topics over 90 words: a fitted model predicts held-out words far better than the uniform 1/90.
    expect(s.documentCompletionPerplexity).toBeGreaterThan(1);
    expect(s.documentCompletionPerplexity).toBeLessThan(60);
    const z = fitted.transform(test);
    expect([z.nRows, z.nCols]).toEqual([test.nRows, 3]);
    for (let d = 0; d < z.nRows; d++) expect(z.values[d * 3] + z.values[d * 3 + 1] + z.values[d * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('has a non-decreasing per-word bound in batch fits started from γ = 1', async () => {
    // The bound at (λ_t, γ_t) can only fall by what the E-step tolerance leaves unoptimised; 1e-5 nats per word.
    const fitted = await fit({ maxIter: 30, docTopicInit: 'ones' });
    expect(traceProblems(fitted.trace, true, 1e-5)).toEqual([]);
    expect(fitted.trace.at(-1)!.objective).toBeGreaterThan(fitted.trace[0].objective + 0.5);
  });

  it('continues online (partial_fit) through registry.continueFit: one update per minibatch, the original unchanged', async () => {
    const r = registry();
    const fitted = (await r.create('topic/lda', { nComponents: 3, maxIter: 3, batchSize: 10 }).fit(train, { seed: 1 })) as FittedLda;
    const before = Float64Array.from(fitted.topics.lambda);
    const go = () => r.continueFit(fitted, test, { engine: 'inference/online-vi', maxIter: 1, seed: 4 }) as Promise<FittedLda>;
    const next = await go();
    expect(next).not.toBe(fitted);
    expect(Array.from(fitted.topics.lambda)).toEqual(Array.from(before));
    expect(next.nBatchIter).toBe(fitted.nBatchIter + Math.ceil(test.nRows / 10));
    expect(next.docsSeen).toBe(train.nRows + test.nRows);
    expect(next.iterations).toBe(1);
    expect(Array.from(next.topics.lambda)).not.toEqual(Array.from(before));
    expect(Array.from((await go()).topics.lambda)).toEqual(Array.from(next.topics.lambda));
  });

  it('rejects initComponents of the wrong shape, naming the parameter', async () => {
    await expect(fit({ initComponents: [[1, 2, 3]] })).rejects.toThrow('topic/lda: initComponents has 1 rows, but nComponents is 3');
    await expect(fit({ nComponents: 1, initComponents: [[1, 2, 3]] })).rejects.toThrow(
      'topic/lda: initComponents row 1 has 3 numbers, but the data has 90 columns (words)',
    );
  });

  it('samples documents whose mean length is the training mean', async () => {
    const fitted = await fit({ maxIter: 2 });
    const s = fitted.sample(200, 3);
    let total = 0;
    for (const x of s.values) total += x;
    // Poisson lengths: the mean of 200 has standard deviation √(60/200) ≈ 0.55; allow 5 of them.
    expect(Math.abs(total / 200 - fitted.meanDocLength)).toBeLessThan(2.75);
    expect(s.columns).toEqual(train.vocabulary);
  });

  it('reports top words per topic, the perplexity per iteration and the document-topic proportions', async () => {
    const fitted = await fit({ maxIter: 4 });
    const bare = fitted.report();
    expect(bare.tables![0].rows).toHaveLength(3);
    expect(String(bare.tables![0].rows[0][2]).split(' ')).toHaveLength(10);
    expect(bare.plots.map((p) => p.title)).toEqual(['Perplexity per iteration: exp(−bound per word) of the training E-step']);
    const trace = (bare.plots[0].spec.data as { values: { value: number }[] }).values;
    expect(trace.map((t) => t.value)).toEqual(fitted.trace.map((t) => Math.exp(-t.objective)));
    const full = fitted.report(test);
    expect(full.summary.perplexity).toBeCloseTo(fitted.perplexity(test), 2);
    expect(full.plots).toHaveLength(2);
    expect((full.plots[1].spec.data as { values: unknown[] }).values).toHaveLength(test.nRows * 3);
    const sampled = await fit({ maxIter: 3 }, 'inference/gibbs');
    expect(sampled.report().plots[0].title).toBe('Log joint p(w, z) per token after each Gibbs sweep');
  });
});
