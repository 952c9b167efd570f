import { createRng, logGammaVariate, poissonVariate, type Dataset, type DenseDataset } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import { meta } from '../meta.js';
import { columnsOf, completionSplit, corpusOf, type LdaCorpus } from './lda-corpus.js';
import { eStep, type EStepSettings } from './lda-estep.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import { ldaReport } from './lda-report.js';
import type { LdaState } from './lda-state.js';
import { topicsFrom, type LdaTopics } from './lda-topics.js';
import { initialLambda, onlineUpdate, vbState } from './lda-vb.js';
import { LdaWorkspace } from './lda-workspace.js';

/** Registry key of latent Dirichlet allocation. */
export const LDA_KEY = 'topic/lda';

/** Fit bookkeeping kept with the topics. */
export interface LdaFitInfo {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  /** The vocabulary (column names) of the training data. */
  readonly columns: readonly string[];
  /** Documents seen (the training rows, plus those of later `partialFit` calls). */
  readonly nRows: number;
  /** Mean number of tokens per training document, used by `sample`. */
  readonly meanDocLength: number;
  readonly source?: string;
}

/** The most probable words of one topic under β̂_k = λ_k / Σ_w λ_kw. */
export interface TopicWords {
  readonly topic: number;
  readonly words: readonly { readonly word: string; readonly probability: number }[];
}

/**
 * A fitted latent Dirichlet allocation: the variational Dirichlet parameters λ (K×V) of the topics β_k, whatever
 * the engine (for collapsed Gibbs, λ = η + n_wk of the final sample, the posterior of β given the topic assignments).
 * Documents are scored and transformed by the E-step with the topics fixed, starting from γ = 1 (scikit-learn's
 * `transform`, `score` and `perplexity`).
 */
export class FittedLda implements Fitted<LdaParams> {
  readonly key = LDA_KEY;
  /** `boundPerWord` (primary, higher is better), `perplexity` (scikit-learn's), `documentCompletionPerplexity`. */
  readonly scoreNames = ['boundPerWord', 'perplexity', 'documentCompletionPerplexity'] as const;
  readonly params: LdaParams;
  readonly topics: LdaTopics;
  /** scikit-learn's `n_batch_iter_`: 1 + the number of updates of λ, which sets the next `partialFit` step size. */
  readonly nBatchIter: number;
  readonly info: LdaFitInfo;
  /** The priors in effect: α (`docTopicPrior`) and η (`topicWordPrior`). */
  readonly alpha: number;
  readonly eta: number;

  constructor(params: LdaParams, lambda: Float64Array, nBatchIter: number, info: LdaFitInfo) {
    this.params = params;
    ({ alpha: this.alpha, eta: this.eta } = effectivePriors(params));
    this.topics = topicsFrom(lambda, params.nComponents, info.columns.length, this.eta);
    this.nBatchIter = nBatchIter;
    this.info = info;
  }

  get trace(): readonly TraceEntry[] {
    return this.info.trace;
  }
  get iterations(): number {
    return this.info.iterations;
  }
  get converged(): boolean {
    return this.info.converged;
  }
  /** λ as K rows of V numbers (scikit-learn's `components_`). */
  get components(): number[][] {
    const { k, v, lambda } = this.topics;
    return Array.from({ length: k }, (_, t) => Array.from(lambda.subarray(t * v, (t + 1) * v)));
  }

  /** The topics' posterior means β̂_kw = λ_kw / Σ_v λ_kv, K×V row-major. */
  topicWordDistribution(): Float64Array {
    const { k, v, lambda } = this.topics;
    const out = new Float64Array(k * v);
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let w = 0; w < v; w++) s += lambda[t * v + w];
      for (let w = 0; w < v; w++) out[t * v + w] = lambda[t * v + w] / s;
    }
    return out;
  }

  /** The `n` most probable words of every topic, by β̂. */
  topWords(n = 10): TopicWords[] {
    const { k, v } = this.topics;
    const beta = this.topicWordDistribution();
    const cols = this.info.columns;
    return Array.from({ length: k }, (_, t) => {
      const order = Array.from({ length: v }, (_, w) => w).sort((a, b) => beta[t * v + b] - beta[t * v + a] || a - b);
      return { topic: t + 1, words: order.slice(0, n).map((w) => ({ word: cols[w], probability: beta[t * v + w] })) };
    });
  }

  private settings(): EStepSettings {
    return { alpha: this.alpha, meanChangeTol: this.params.meanChangeTol, maxDocUpdateIter: this.params.maxDocUpdateIter };
  }

  private corpus(data: Dataset): LdaCorpus {
    return corpusOf(data, LDA_KEY, this.info.columns);
  }

  /** γ (rows × K) from the E-step with these topics, starting at γ = 1, and the document part of the bound. */
  private infer(corpus: LdaCorpus, bound: boolean): { gamma: Float64Array; docBound: number } {
    const ws = new LdaWorkspace(corpus, this.topics.k);
    ws.setTopics(this.topics);
    return eStep(ws, this.settings(), { bound });
  }

  /**
   * scikit-learn's `score(X)`: the variational bound of the corpus,
   * Σ_d Σ_w n_dw·log Σ_k exp(E[log θ_dk] + E[log β_kw]) + Σ_d (E[log p(θ_d|α)] − E[log q(θ_d|γ_d)]) + E[log p(β|η)] − E[log q(β|λ)],
   * with γ_d from the E-step and the topic term added once, however many documents are scored.
   */
  bound(data: Dataset): number {
    return this.infer(this.corpus(data), true).docBound + this.topics.topicBound;
  }

  /** Bound per word, bound(data) / Σ_dw n_dw (nats; higher is better); perplexity = exp(−boundPerWord). */
  score(data: Dataset): number {
    const corpus = this.corpus(data);
    return (this.infer(corpus, true).docBound + this.topics.topicBound) / corpus.totalCount;
  }

  /**
   * scikit-learn's `perplexity(X)`: exp(−bound(X) / Σ_dw n_dw). A variational bound, not a held-out likelihood, and
   * it includes the topic term once, so on a small test set it is dominated by a training-time constant.
   */
  perplexity(data: Dataset): number {
    return Math.exp(-this.score(data));
  }

  /**
   * Held-out document-completion perplexity: each document is split by the rule of `completionSplit` (token t of a
   * document is held out when t mod 5 = 4), θ̂_d = γ_d / Σ_k γ_dk is inferred from the observed 80% by the E-step,
   * and the held-out 20% is scored with p̂_dw = Σ_k θ̂_dk·β̂_kw: exp(−Σ_dw x_dw·log p̂_dw / Σ_dw x_dw) over held-out counts x.
   */
  documentCompletionPerplexity(data: Dataset): number {
    const { observed, heldOut } = completionSplit(this.corpus(data));
    const { k, v } = this.topics;
    const { gamma } = this.infer(observed, false);
    const beta = this.topicWordDistribution();
    let logLik = 0;
    for (let d = 0; d < heldOut.nDocs; d++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += gamma[d * k + j];
      for (let q = heldOut.indptr[d]; q < heldOut.indptr[d + 1]; q++) {
        const w = heldOut.indices[q];
        let p = 0;
        for (let j = 0; j < k; j++) p += gamma[d * k + j] * beta[j * v + w];
        logLik += heldOut.counts[q] * Math.log(p / s);
      }
    }
    return Math.exp(-logLik / heldOut.totalCount);
  }

  scores(data: Dataset): Record<string, number> {
    const boundPerWord = this.score(data);
    return { boundPerWord, perplexity: Math.exp(-boundPerWord), documentCompletionPerplexity: this.documentCompletionPerplexity(data) };
  }

  /** Document-topic proportions γ_d / Σ_k γ_dk (scikit-learn's `transform`), one row per document. */
  transform(data: Dataset): LatentMatrix {
    const { k } = this.topics;
    const { gamma } = this.infer(this.corpus(data), false);
    for (let d = 0; d < gamma.length / k; d++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += gamma[d * k + j];
      for (let j = 0; j < k; j++) gamma[d * k + j] /= s;
    }
    return { nRows: gamma.length / k, nCols: k, values: gamma, columns: Array.from({ length: k }, (_, j) => `topic${j + 1}`) };
  }

  /**
   * Online variational Bayes on new documents (scikit-learn's `partial_fit`): for each minibatch B of `batchSize`
   * rows, λ ← (1 − ρ)·λ + ρ·(η + (totalSamples / |B|)·S_B) with ρ = (learningOffset + nBatchIter)^(−learningDecay).
   * Returns a new fitted model; this one is unchanged.
   * @param options.seed Seed of the E-step's random starting points when `docTopicInit` is `random` (default: `nBatchIter`).
   */
  partialFit(batch: Dataset, options: { seed?: number } = {}): FittedLda {
    const corpus = this.corpus(batch);
    const { k, v } = this.topics;
    const p = { corpus, ws: new LdaWorkspace(corpus, k), settings: this.settings(), eta: this.eta };
    const rng = createRng(options.seed ?? this.nBatchIter);
    let state = vbState(this.topics.lambda, k, v, this.eta, this.nBatchIter);
    const { batchSize, learningOffset, learningDecay, totalSamples } = this.params;
    for (let start = 0; start < corpus.nDocs; start += batchSize) {
      const rows = Int32Array.from({ length: Math.min(batchSize, corpus.nDocs - start) }, (_, i) => start + i);
      state = onlineUpdate(
        state,
        p,
        rows,
        Math.pow(learningOffset + state.nBatchIter, -learningDecay),
        totalSamples,
        this.params.docTopicInit === 'random' ? rng : undefined,
      );
    }
    const seen = this.info.nRows + corpus.nDocs;
    const meanDocLength = seen > 0 ? (this.info.meanDocLength * this.info.nRows + corpus.totalCount) / seen : 0;
    return new FittedLda(this.params, state.lambda, state.nBatchIter, { ...this.info, nRows: seen, meanDocLength });
  }

  /**
   * Draw `n` documents from the generative model with the fitted topics: θ_d ~ Dirichlet(α), N_d ~ Poisson(mean
   * training length), each token's topic z ~ Categorical(θ_d) and word w ~ Categorical(β̂_z). Rows are word counts.
   */
  sample(n: number, seed: number): DenseDataset {
    const { k, v } = this.topics;
    const rng = createRng(seed);
    const cdf = this.topicWordDistribution();
    for (let t = 0; t < k; t++) for (let w = 1; w < v; w++) cdf[t * v + w] += cdf[t * v + w - 1];
    const values = new Float64Array(n * v);
    const theta = new Float64Array(k);
    for (let d = 0; d < n; d++) {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, (theta[j] = logGammaVariate(rng, this.alpha)));
      let s = 0;
      for (let j = 0; j < k; j++) s += theta[j] = Math.exp(theta[j] - max);
      const len = poissonVariate(rng, this.info.meanDocLength);
      for (let i = 0; i < len; i++) {
        let u = rng.uniform() * s;
        let t = 0;
        while (t < k - 1 && u >= theta[t]) u -= theta[t++];
        const target = rng.uniform() * cdf[t * v + v - 1];
        let lo = 0;
        let hi = v - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[t * v + mid] > target) hi = mid;
          else lo = mid + 1;
        }
        values[d * v + lo] += 1;
      }
    }
    return { kind: 'dense', nRows: n, nCols: v, values, columns: [...this.info.columns], source: `samples of ${LDA_KEY}` };
  }

  toJSON(): SavedModel {
    const { k, v } = this.topics;
    const { info } = this;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: LDA_KEY,
      plugin: { name: meta.name, version: meta.version },
      params: { ...this.params },
      data: { kind: 'counts', nCols: v, columns: [...info.columns], nRows: info.nRows, ...(info.source && { source: info.source }) },
      fit: { engine: info.engine, seed: info.seed, iterations: info.iterations, converged: info.converged, seconds: info.seconds, trace: info.trace },
      state: { k, v, components: this.components, nBatchIter: this.nBatchIter, meanDocLength: info.meanDocLength },
    };
  }

  report(data?: Dataset): ReportSection {
    return ldaReport(this, data);
  }

  dispose(): void {}
}

/** Wrap an engine result: a variational state keeps its λ; a Gibbs chain gives λ = η + n_wk of its final sample. */
export function ldaFromResult(params: LdaParams, result: FitResult<LdaState>, data: Dataset): FittedLda {
  const s = result.state;
  let lambda: Float64Array;
  if (s.kind === 'vb') lambda = s.lambda;
  else {
    const { eta } = effectivePriors(params);
    lambda = new Float64Array(s.k * s.v);
    for (let w = 0; w < s.v; w++) for (let t = 0; t < s.k; t++) lambda[t * s.v + w] = eta + s.nwk[w * s.k + t];
  }
  const corpus = corpusOf(data, LDA_KEY);
  return new FittedLda(params, lambda, s.kind === 'vb' ? s.nBatchIter : 1, {
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    seconds: result.seconds,
    trace: result.trace,
    columns: [...columnsOf(data)],
    nRows: data.nRows,
    meanDocLength: corpus.nDocs > 0 ? corpus.totalCount / corpus.nDocs : 0,
    ...(data.source && { source: data.source }),
  });
}

/**
 * An LDA model before any data, for `partialFit` from scratch (scikit-learn's first `partial_fit` call):
 * λ from the `init` rule (or `initComponents`) for the given vocabulary.
 * @example
 * ```ts
 * let lda = initialLda(registry.validate('topic/lda', { nComponents: 5 }), vocabulary, 0);
 * for (const batch of batches) lda = lda.partialFit(batch);
 * ```
 */
export function initialLda(params: LdaParams, vocabulary: readonly string[], seed = 0): FittedLda {
  return new FittedLda(params, initialLambda(params, vocabulary.length, createRng(seed)), 1, {
    engine: 'none',
    seed,
    iterations: 0,
    converged: false,
    seconds: 0,
    trace: [],
    columns: [...vocabulary],
    nRows: 0,
    meanDocLength: 0,
  });
}

/**
 * scikit-learn's `partial_fit` as a function: `fitted.partialFit(batch, options)`, a new model after one online
 * update of λ per minibatch of `batchSize` rows of `batch` (see {@link FittedLda.partialFit}).
 * @example
 * ```ts
 * let model = initialLda(params, vocabulary);
 * for (const batch of batches) model = partialFit(model, batch);
 * ```
 */
export function partialFit(fitted: FittedLda, batch: Dataset, options: { seed?: number } = {}): FittedLda {
  return fitted.partialFit(batch, options);
}
