import { createRng, logGammaVariate, poissonVariate, type Dataset, type DenseDataset } from '@latentkit/core';
import { FittedBase, type FitInfo, type FitResult, type LatentMatrix, type ModelView, type ReportSection } from '@latentkit/registry';
import { meta } from '../meta.js';
import { completionSplit, corpusOf, type LdaCorpus } from './lda-corpus.js';
import { eStep, type EStepSettings } from './lda-estep.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import { ldaReport } from './lda-report.js';
import type { LdaState, LdaVbState } from './lda-state.js';
import type { LdaTopics } from './lda-topics.js';
import { initialLambda, vbState } from './lda-vb.js';
import { ldaViews } from './lda-views.js';
import { LdaWorkspace } from './lda-workspace.js';

/** Registry key of latent Dirichlet allocation. */
export const LDA_KEY = 'topic/lda';

/**
 * The state of a fitted LDA: its topics as a variational state (for Gibbs fits, λ = η + n_wk of the final sample),
 * with what it has seen and the corpus size an online update of it stands for (see {@link LdaVbState}).
 */
export interface LdaFittedState extends LdaVbState {
  /** Documents the model has been fitted on so far and their mean length (carried by every online update). */
  readonly seen: {
    /** Number of documents seen. */
    readonly docs: number;
    /** Their mean number of tokens (Σ of counts per document). */
    readonly meanDocLength: number;
  };
  /** D, the number of documents an online minibatch update stands for (`params.totalSamples`). */
  readonly corpusSize: number;
}

/**
 * The state of a fitted LDA with topics λ (K×V), `nBatchIter` = 1 + the updates of λ so far, and `seen` documents.
 * Continuing it with online VI (`registry.continueFit`, scikit-learn's `partial_fit`) scales each minibatch to
 * `params.totalSamples` documents.
 */
export function ldaFittedState(params: LdaParams, lambda: Float64Array, v: number, nBatchIter: number, seen: LdaFittedState['seen']): LdaFittedState {
  const { eta } = effectivePriors(params);
  return { ...vbState(lambda, params.nComponents, v, eta, nBatchIter), seen, corpusSize: params.totalSamples };
}

/** The most probable words of one topic under β̂_k = λ_k / Σ_w λ_kw. */
export interface TopicWords {
  /** The topic k, 1-based as users count. */
  readonly topic: number;
  /** The words, most probable first. */
  readonly words: readonly {
    /** The word (a column name of the data). */
    readonly word: string;
    /** β̂_kw = λ_kw / Σ_w' λ_kw', in (0, 1). */
    readonly probability: number;
  }[];
}

/**
 * A fitted latent Dirichlet allocation: the variational Dirichlet parameters λ (K×V) of the topics β_k, whatever
 * the engine (for collapsed Gibbs, λ = η + n_wk of the final sample, the posterior of β given the topic assignments).
 * Documents are scored and transformed by the E-step with the topics fixed, starting from γ = 1 (scikit-learn's
 * `transform`, `score` and `perplexity`).
 */
export class FittedLda extends FittedBase<LdaParams, LdaFittedState> {
  /** `boundPerWord` (primary, higher is better), `perplexity` (scikit-learn's), `documentCompletionPerplexity`. */
  readonly scoreNames = ['boundPerWord', 'perplexity', 'documentCompletionPerplexity'] as const;
  /** α, the document-topic prior in effect (`docTopicPrior`, default 1/K). */
  readonly alpha: number;
  /** η, the topic-word prior in effect (`topicWordPrior`, default 1/K). */
  readonly eta: number;

  /** Wraps a fitted state with its hyperparameters and fit record, and resolves the priors α and η. Throws nothing. */
  constructor(params: LdaParams, state: LdaFittedState, info: FitInfo) {
    super(params, state, info);
    ({ alpha: this.alpha, eta: this.eta } = effectivePriors(params));
  }

  /** The topics λ with their expectations. */
  get topics(): LdaTopics {
    return this.state;
  }
  /** scikit-learn's `n_batch_iter_`: 1 + the number of updates of λ, which sets the next online step size. */
  get nBatchIter(): number {
    return this.state.nBatchIter;
  }
  /** Number of topics K. */
  get latentDim(): number {
    return this.state.k;
  }
  /** Documents seen: the training rows plus those of continued online fits. */
  get docsSeen(): number {
    return this.state.seen.docs;
  }
  /** Mean number of tokens per document seen, used by `sample`. */
  get meanDocLength(): number {
    return this.state.seen.meanDocLength;
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
    const cols = this.columns;
    return Array.from({ length: k }, (_, t) => {
      const order = Array.from({ length: v }, (_, w) => w).sort((a, b) => beta[t * v + b] - beta[t * v + a] || a - b);
      return { topic: t + 1, words: order.slice(0, n).map((w) => ({ word: cols[w], probability: beta[t * v + w] })) };
    });
  }

  private settings(): EStepSettings {
    return { alpha: this.alpha, meanChangeTol: this.params.meanChangeTol, maxDocUpdateIter: this.params.maxDocUpdateIter };
  }

  private corpus(data: Dataset): LdaCorpus {
    return corpusOf(data, LDA_KEY, this.columns);
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

  /** Every score the model computes on `data`, by name (`score` among them). */
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
      const len = poissonVariate(rng, this.meanDocLength);
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
    return { kind: 'dense', nRows: n, nCols: v, values, columns: [...this.columns], source: `samples of ${LDA_KEY}` };
  }

  protected stateJSON(): Record<string, unknown> {
    const { k, v, nBatchIter, seen } = this.state;
    return { k, v, components: this.components, nBatchIter, meanDocLength: seen.meanDocLength, docsSeen: seen.docs };
  }

  /** The top terms of every topic and, for a small vocabulary, the topic–word heatmap of β̂. */
  views(): readonly ModelView[] {
    return ldaViews(this);
  }

  /** The model's section of the HTML report: plots and numbers, with data-dependent plots when `data` is given. */
  report(data?: Dataset): ReportSection {
    return ldaReport(this, data);
  }
}

/**
 * Wrap an engine result: a variational state keeps its λ; a Gibbs chain gives λ = η + n_wk of its final sample.
 * A continued fit adds the new documents to those its starting state had seen.
 */
export function ldaFromResult(params: LdaParams, result: FitResult<LdaState>, data: Dataset, info: FitInfo): FittedLda {
  const s = result.state;
  let lambda: Float64Array;
  if (s.kind === 'vb') lambda = s.lambda;
  else {
    const { eta } = effectivePriors(params);
    lambda = new Float64Array(s.k * s.v);
    for (let w = 0; w < s.v; w++) for (let t = 0; t < s.k; t++) lambda[t * s.v + w] = eta + s.nwk[w * s.k + t];
  }
  const corpus = s.kind === 'vb' && s.streamed ? { nDocs: s.streamed.docs, totalCount: s.streamed.tokens } : corpusOf(data, LDA_KEY);
  const before = s.kind === 'vb' ? s.seen : undefined;
  const docs = (before?.docs ?? 0) + corpus.nDocs;
  const tokens = (before ? before.docs * before.meanDocLength : 0) + corpus.totalCount;
  const seen = { docs, meanDocLength: docs > 0 ? tokens / docs : 0 };
  return new FittedLda(params, ldaFittedState(params, lambda, s.v, s.kind === 'vb' ? s.nBatchIter : 1, seen), info);
}

/**
 * An LDA model before any data, to fit on a stream of batches (scikit-learn's `partial_fit` from scratch): λ from the
 * `init` rule (or `initComponents`) for the given vocabulary. Each batch is one pass of online variational Bayes
 * through the registry: for each minibatch B of `batchSize` rows, λ ← (1 − ρ_t)·λ + ρ_t·(η + (totalSamples / |B|)·S_B)
 * with ρ_t = (learningOffset + t)^(−learningDecay) and t = `nBatchIter`, continuing across batches.
 * @example
 * ```ts
 * let lda: Fitted = initialLda(registry.validate('topic/lda', { nComponents: 5 }), vocabulary, 0);
 * for (const batch of batches) lda = await registry.continueFit(lda, batch, { engine: 'inference/online-vi', maxIter: 1 });
 * ```
 */
export function initialLda(params: LdaParams, vocabulary: readonly string[], seed = 0): FittedLda {
  const v = vocabulary.length;
  const info: FitInfo = {
    key: LDA_KEY,
    plugin: { name: meta.name, version: meta.version },
    engine: 'none',
    seed,
    iterations: 0,
    converged: false,
    fixedIterations: false,
    seconds: 0,
    trace: [],
    data: { kind: 'counts', nCols: v, columns: [...vocabulary], nRows: 0 },
  };
  return new FittedLda(params, ldaFittedState(params, initialLambda(params, v, createRng(seed)), v, 1, { docs: 0, meanDocLength: 0 }), info);
}
