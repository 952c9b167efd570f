import type { Dataset, Rng } from '@latentkit/core';
import type { CaviTerms, OnlineViTerms, PrepareContext } from '@latentkit/registry';
import { corpusOf, type LdaCorpus } from './lda-corpus.js';
import type { EStepSettings } from './lda-estep.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import type { LdaState, LdaVbState } from './lda-state.js';
import { withLdaShards } from './lda-shard.js';
import { caviStreamTerms, onlineStreamTerms } from './lda-stream.js';
import { openLdaPool, pooledEStep, type LdaPool } from './lda-threads.js';
import { gammaComponents, hashComponents, topicsFrom } from './lda-topics.js';

const KEY = 'topic/lda';

/**
 * The corpus loaded for variational inference: its size, the block pool its documents' E-step runs on (worker threads
 * per `context.threads`, see `openLdaPool`), and the settings every step uses.
 */
export interface LdaVbData {
  readonly corpus: Pick<LdaCorpus, 'nDocs' | 'nWords' | 'totalCount'>;
  readonly pool: LdaPool;
  readonly settings: EStepSettings;
  readonly eta: number;
}

export function prepareVb(params: LdaParams, data: Dataset, context?: PrepareContext): LdaVbData {
  const { alpha, eta } = effectivePriors(params);
  const corpus = corpusOf(data, KEY);
  return {
    corpus: { nDocs: corpus.nDocs, nWords: corpus.nWords, totalCount: corpus.totalCount },
    pool: openLdaPool(corpus, params.nComponents, context),
    settings: settingsOf(params, alpha),
    eta,
  };
}

/** The E-step settings of `params`. */
export function settingsOf(params: LdaParams, alpha: number): EStepSettings {
  return { alpha, meanChangeTol: params.meanChangeTol, maxDocUpdateIter: params.maxDocUpdateIter };
}

/** Close the block pool of {@link prepareVb} (terminating its workers). */
export async function releaseVb(p: LdaVbData): Promise<void> {
  await p.pool.pool.close();
}

/** A variational state from λ (the expectations and the topic bound are derived). */
export function vbState(lambda: Float64Array, k: number, v: number, eta: number, nBatchIter: number, rng?: Rng): LdaVbState {
  return { kind: 'vb', ...topicsFrom(lambda, k, v, eta), nBatchIter, ...(rng && { rng }) };
}

/** Initial λ: `initComponents` if given (checked against K and V), else the `init` rule. */
export function initialLambda(params: LdaParams, v: number, rng: Rng): Float64Array {
  const k = params.nComponents;
  const given = params.initComponents;
  if (!given) return params.init === 'hash' ? hashComponents(k, v) : gammaComponents(k, v, rng);
  if (given.length !== k) throw new Error(`${KEY}: initComponents has ${given.length} rows, but nComponents is ${k}`);
  const out = new Float64Array(k * v);
  given.forEach((row, t) => {
    if (row.length !== v) throw new Error(`${KEY}: initComponents row ${t + 1} has ${row.length} numbers, but the data has ${v} columns (words)`);
    row.forEach((x, w) => {
      if (!(x > 0) || !Number.isFinite(x)) throw new Error(`${KEY}: initComponents[${t}][${w}] = ${x}, expected a positive number`);
      out[t * v + w] = x;
    });
  });
  return out;
}

const asVb = (state: LdaState): LdaVbState => {
  if (state.kind !== 'vb') throw new Error(`${KEY}: a variational engine was given a Gibbs state`);
  return state;
};

/** Per-word bound of the whole corpus at the state's topics, θ inferred from γ = 1 (scikit-learn's `perplexity` setting). */
export async function boundPerWord(state: LdaVbState, p: LdaVbData): Promise<number> {
  const { docBound } = await pooledEStep(p.pool, state, p.settings, { stats: false, bound: true });
  return (docBound + state.topicBound) / p.corpus.totalCount;
}

/**
 * The online update of λ from the documents `rows` (scikit-learn's `_em_step` with `batch_update=False`):
 * λ ← (1 − ρ)·λ + ρ·(η + (D / |rows|)·S), with S the minibatch's statistics and D the corpus size it stands for.
 */
export async function onlineUpdate(state: LdaVbState, p: LdaVbData, rows: ArrayLike<number>, rho: number, totalDocs: number, rng?: Rng): Promise<LdaVbState> {
  const range = contiguous(rows);
  const { stats } = await pooledEStep(p.pool, state, p.settings, { range, stats: true, bound: false, ...(rng && { rng }) });
  return onlineStep(state, stats!, rows.length, rho, totalDocs, p.eta);
}

/** λ ← (1 − ρ)·λ + ρ·(η + (D / |B|)·S): the online update from a minibatch's statistics S. */
export function onlineStep(state: LdaVbState, stats: Float64Array, batchDocs: number, rho: number, totalDocs: number, eta: number): LdaVbState {
  const scale = totalDocs / batchDocs;
  const lambda = new Float64Array(state.lambda.length);
  for (let i = 0; i < lambda.length; i++) lambda[i] = (1 - rho) * state.lambda[i] + rho * (eta + scale * stats[i]);
  return { ...state, ...vbState(lambda, state.k, state.v, eta, state.nBatchIter + 1, state.rng) };
}

/** The range [first, last + 1) of consecutive document indices (the engine's minibatches), or an error. */
function contiguous(rows: ArrayLike<number>): [number, number] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i] !== rows[0] + i) throw new Error(`${KEY}: an online minibatch must be consecutive documents, got rows ${rows[0]}, …, ${rows[i]}`);
  }
  return [rows[0], rows[0] + rows.length];
}

/** Terms of batch variational Bayes for `inference/cavi`. */
export function caviTerms(params: LdaParams): CaviTerms<LdaState, LdaVbData> {
  return {
    prepare: (data, context) => prepareVb(params, data, context),
    release: releaseVb,
    init: (p, rng) =>
      vbState(initialLambda(params, p.corpus.nWords, rng), params.nComponents, p.corpus.nWords, p.eta, 1, params.docTopicInit === 'random' ? rng : undefined),
    /**
     * One batch EM iteration (scikit-learn's `_em_step` with `batch_update=True`): E-step from random γ at the
     * current λ, then λ_kw = η + S_kw. The objective is the per-word bound at the input λ and the E-step's γ.
     */
    stream: withLdaShards(params, caviStreamTerms(params)),
    async sweep(s, p) {
      const state = asVb(s);
      const { stats, docBound } = await pooledEStep(p.pool, state, p.settings, { stats: true, bound: true, ...(state.rng && { rng: state.rng }) });
      return batchStep(state, stats!, docBound, p.corpus.totalCount, p.eta);
    },
  };
}

/** λ_kw = η + S_kw: the batch update from the statistics of every document; the objective is the per-word bound at the input λ. */
export function batchStep(state: LdaVbState, stats: Float64Array, docBound: number, totalCount: number, eta: number): { state: LdaVbState; objective: number } {
  for (let i = 0; i < stats.length; i++) stats[i] += eta;
  return {
    state: { ...state, ...vbState(stats, state.k, state.v, eta, state.nBatchIter + 1, state.rng) },
    objective: (docBound + state.topicBound) / totalCount,
  };
}

/** Terms of online variational Bayes (Hoffman, Blei & Bach 2010) for `inference/online-vi`. */
export function onlineTerms(params: LdaParams): OnlineViTerms<LdaState, LdaVbData> {
  return {
    prepare: (data, context) => prepareVb(params, data, context),
    release: releaseVb,
    nRows: (p) => p.corpus.nDocs,
    init: (p, rng) => vbState(initialLambda(params, p.corpus.nWords, rng), params.nComponents, p.corpus.nWords, p.eta, 1),
    update: (s, p, batch, rho, rng) => {
      const state = asVb(s);
      return onlineUpdate(state, p, batch, rho, state.corpusSize ?? p.corpus.nDocs, params.docTopicInit === 'random' ? rng : undefined);
    },
    objective: (s, p) => boundPerWord(asVb(s), p),
    stream: onlineStreamTerms(params),
    /** scikit-learn's `n_batch_iter_` − 1: a fitted model continues with ρ_t at t = its `nBatchIter`. */
    updatesDone: (s) => asVb(s).nBatchIter - 1,
  };
}
