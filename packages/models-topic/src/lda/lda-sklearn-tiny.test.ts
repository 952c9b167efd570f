import { createRegistry, validateParams, type Fitted } from '@latentkit/registry';
import { cavi, onlineVi } from '@latentkit/inference';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import { completionSplit, corpusOf } from './lda-corpus.js';
import { FittedLda, initialLda, ldaFittedState } from './lda-fitted.js';
import { ldaDefaults, ldaParamSpecs, type LdaParams } from './lda-params.js';
import { hashComponents } from './lda-topics.js';
import { countsFromRows as fromRows } from '../test-support/counts-from-rows.js';
import { caviTerms, prepareVb, vbState } from './lda-vb.js';

// Reference values: tooling/reference/lda_reference.py (scikit-learn 1.2.1), case "tiny": both sides start from
// λ0 = hashComponents(K, V) and, for the fits, every E-step starts from γ = 1 (HashInit with estep "ones").
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/lda.json', import.meta.url)), 'utf8'));
const tiny = fixture.tiny;

// Both sides compute in float64 with the same formulas and the same E-step stopping rule (mean |Δγ| < 1e-3).
// They differ in the digamma function (scikit-learn's Cython psi truncates its asymptotic series: absolute error up
// to ~3e-9 near 6) and in summation order; the measured differences are at most 2e-8 relative (λ after 5 iterations),
// so 1e-7 leaves room while any formula error (a missing prior, a wrong step size) moves the numbers by 1e-3 or more.
const RTOL = 1e-7;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function maxRel(actual: Float64Array, ref: readonly (readonly number[])[]): number {
  const v = ref[0].length;
  let m = 0;
  ref.forEach((row, t) => row.forEach((x, w) => (m = Math.max(m, rel(actual[t * v + w], x)))));
  return m;
}

const countsFromRows = (rows: readonly (readonly number[])[]) => fromRows(rows, undefined, 'tiny');
const data = countsFromRows(tiny.counts);
const params = (extra: Partial<LdaParams> = {}): LdaParams =>
  validateParams('topic/lda', ldaParamSpecs, ldaDefaults, {
    nComponents: tiny.k,
    docTopicPrior: tiny.docTopicPrior,
    topicWordPrior: tiny.topicWordPrior,
    init: 'hash',
    ...extra,
  });

describe('topic/lda against scikit-learn on a 12 × 30 corpus', () => {
  it('starts from the same λ0 as the Python side', () => {
    expect(Array.from(hashComponents(tiny.k, 30).subarray(0, 5))).toEqual(tiny.lambda0FirstRow);
  });

  it('scores, perplexity and transform at λ0 match score(X), perplexity(X) and transform(X)', () => {
    const fitted = initialLda(params(), data.vocabulary!, 0);
    expect(rel(fitted.bound(data), tiny.atLambda0.score)).toBeLessThan(RTOL);
    expect(rel(fitted.perplexity(data), tiny.atLambda0.perplexity)).toBeLessThan(RTOL);
    const z = fitted.transform(data);
    tiny.atLambda0.transform.forEach((row: number[], d: number) => row.forEach((x, t) => expect(Math.abs(z.values[d * tiny.k + t] - x)).toBeLessThan(1e-8)));
  });

  for (const iters of ['1', '5']) {
    it(`reproduces components_ after ${iters} batch iteration(s) with E-steps from γ = 1`, async () => {
      const p = params();
      const terms = caviTerms(p);
      const prepared = prepareVb(p, data);
      let state = vbState(hashComponents(tiny.k, 30), tiny.k, 30, p.topicWordPrior!, 1);
      for (let i = 0; i < Number(iters); i++) state = (await terms.sweep(state, prepared)).state as typeof state;
      expect(maxRel(state.lambda, tiny.batch[iters].components)).toBeLessThan(RTOL);
      expect(state.nBatchIter).toBe(1 + Number(iters));
    });
  }

  it('computes scikit-learn’s perplexity and the document-completion perplexity of the 5-iteration model', () => {
    const ref = tiny.batch['5'];
    const fitted = initialLda(params(), data.vocabulary!, 0);
    const lambda = Float64Array.from((ref.components as number[][]).flat());
    const model = new FittedLda(fitted.params, ldaFittedState(fitted.params, lambda, 30, 6, fitted.state.seen), fitted.info);
    expect(rel(model.perplexity(data), ref.perplexity)).toBeLessThan(RTOL);
    expect(rel(model.documentCompletionPerplexity(data), ref.documentCompletionPerplexity)).toBeLessThan(RTOL);
    expect(completionSplit(corpusOf(data, 'test')).heldOut.totalCount).toBe(ref.completionHeldOutTotal);
  });

  it('reproduces an online fit (3 passes, minibatches of 5) through inference/online-vi, E-steps from γ = 1', async () => {
    const registry = createRegistry().register(lda, cavi, onlineVi);
    const model = registry.create('topic/lda', { ...params(), learningMethod: 'online', batchSize: 5, maxIter: 3, docTopicInit: 'ones' });
    const fitted = (await model.fit(data, { seed: 1 })) as FittedLda;
    expect(fitted.info.engine).toBe('inference/online-vi');
    expect(maxRel(fitted.topics.lambda, tiny.online.fit3.components)).toBeLessThan(RTOL);
    expect(fitted.nBatchIter).toBe(tiny.online.fit3.nBatchIter);
  });

  it('reproduces two partial_fit calls (totalSamples 100) with registry.continueFit through inference/online-vi, E-steps from γ = 1', async () => {
    const registry = createRegistry().register(lda, cavi, onlineVi);
    const p = params({ batchSize: 5, totalSamples: tiny.online.partialFit.totalSamples, docTopicInit: 'ones' });
    const start = initialLda(p, data.vocabulary!, 0);
    let fitted: Fitted<LdaParams> = start;
    for (const [from, to] of tiny.online.partialFit.calls as [number, number][])
      fitted = await registry.continueFit(fitted, countsFromRows(tiny.counts.slice(from, to)), { engine: 'inference/online-vi', maxIter: 1 });
    const last = fitted as FittedLda;
    expect(last.info.engine).toBe('inference/online-vi');
    expect(maxRel(last.topics.lambda, tiny.online.partialFit.components)).toBeLessThan(RTOL);
    expect(last.nBatchIter).toBe(tiny.online.partialFit.nBatchIter);
    expect(maxRel(start.topics.lambda, [Array.from(hashComponents(tiny.k, 30))])).toBe(0);
  });

  it('reproduces 5 batch iterations through the registry with docTopicInit "ones"', async () => {
    const registry = createRegistry().register(lda, cavi, onlineVi);
    const fitted = (await registry.create('topic/lda', { ...params(), maxIter: 5, docTopicInit: 'ones' }).fit(data, { seed: 9 })) as FittedLda;
    expect(fitted.info.engine).toBe('inference/cavi');
    expect(maxRel(fitted.topics.lambda, tiny.batch['5'].components)).toBeLessThan(RTOL);
  });

  it('fits through the registry with random E-step starts to within 1% of the deterministic 5-iteration perplexity', async () => {
    // Random Gamma(100, 1/100) starting points change γ only within the E-step tolerance; 1% is loose on purpose.
    const registry = createRegistry().register(lda, cavi);
    const fitted = (await registry.create('topic/lda', { ...params(), maxIter: 5 }).fit(data, { seed: 3 })) as FittedLda;
    expect(rel(fitted.perplexity(data), tiny.batch['5'].perplexity)).toBeLessThan(0.01);
    expect(fitted.trace).toHaveLength(5);
  });
});
