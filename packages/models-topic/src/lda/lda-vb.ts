import type { Dataset, Rng } from '@latentkit/core';
import type { CaviTerms, OnlineViTerms } from '@latentkit/registry';
import { corpusOf, type LdaCorpus } from './lda-corpus.js';
import { eStep, type EStepSettings } from './lda-estep.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import type { LdaState, LdaVbState } from './lda-state.js';
import { gammaComponents, hashComponents, topicsFrom } from './lda-topics.js';
import { LdaWorkspace } from './lda-workspace.js';

const KEY = 'topic/lda';

/** The corpus loaded for variational inference, with the settings every step uses. */
export interface LdaVbData {
  readonly corpus: LdaCorpus;
  readonly ws: LdaWorkspace;
  readonly settings: EStepSettings;
  readonly eta: number;
}

export function prepareVb(params: LdaParams, data: Dataset): LdaVbData {
  const { alpha, eta } = effectivePriors(params);
  const corpus = corpusOf(data, KEY);
  return {
    corpus,
    ws: new LdaWorkspace(corpus, params.nComponents),
    settings: { alpha, meanChangeTol: params.meanChangeTol, maxDocUpdateIter: params.maxDocUpdateIter },
    eta,
  };
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
export function boundPerWord(state: LdaVbState, p: LdaVbData): number {
  p.ws.setTopics(state);
  const { docBound } = eStep(p.ws, p.settings, { bound: true });
  return (docBound + state.topicBound) / p.corpus.totalCount;
}

/**
 * The online update of λ from the documents `rows` (scikit-learn's `_em_step` with `batch_update=False`):
 * λ ← (1 − ρ)·λ + ρ·(η + (D / |rows|)·S), with S the minibatch's statistics and D the corpus size it stands for.
 */
export function onlineUpdate(state: LdaVbState, p: LdaVbData, rows: ArrayLike<number>, rho: number, totalDocs: number, rng?: Rng): LdaVbState {
  const { ws } = p;
  ws.setTopics(state);
  ws.clearStats();
  eStep(ws, p.settings, { rows, stats: true, ...(rng && { rng }) });
  const stats = ws.statistics(state);
  const scale = totalDocs / rows.length;
  const lambda = new Float64Array(state.lambda.length);
  for (let i = 0; i < lambda.length; i++) lambda[i] = (1 - rho) * state.lambda[i] + rho * (p.eta + scale * stats[i]);
  return { ...state, ...vbState(lambda, state.k, state.v, p.eta, state.nBatchIter + 1, state.rng) };
}

/** Terms of batch variational Bayes for `inference/cavi`. */
export function caviTerms(params: LdaParams): CaviTerms<LdaState, LdaVbData> {
  return {
    prepare: (data) => prepareVb(params, data),
    init: (p, rng) =>
      vbState(initialLambda(params, p.corpus.nWords, rng), params.nComponents, p.corpus.nWords, p.eta, 1, params.docTopicInit === 'random' ? rng : undefined),
    /**
     * One batch EM iteration (scikit-learn's `_em_step` with `batch_update=True`): E-step from random γ at the
     * current λ, then λ_kw = η + S_kw. The objective is the per-word bound at the input λ and the E-step's γ.
     */
    sweep(s, p) {
      const state = asVb(s);
      const { ws } = p;
      ws.setTopics(state);
      ws.clearStats();
      const { docBound } = eStep(ws, p.settings, { stats: true, bound: true, ...(state.rng && { rng: state.rng }) });
      const stats = ws.statistics(state);
      for (let i = 0; i < stats.length; i++) stats[i] += p.eta;
      return {
        state: { ...state, ...vbState(stats, state.k, state.v, p.eta, state.nBatchIter + 1, state.rng) },
        objective: (docBound + state.topicBound) / p.corpus.totalCount,
      };
    },
  };
}

/** Terms of online variational Bayes (Hoffman, Blei & Bach 2010) for `inference/online-vi`. */
export function onlineTerms(params: LdaParams): OnlineViTerms<LdaState, LdaVbData> {
  return {
    prepare: (data) => prepareVb(params, data),
    nRows: (p) => p.corpus.nDocs,
    init: (p, rng) => vbState(initialLambda(params, p.corpus.nWords, rng), params.nComponents, p.corpus.nWords, p.eta, 1),
    update: (s, p, batch, rho, rng) => {
      const state = asVb(s);
      return onlineUpdate(state, p, batch, rho, state.corpusSize ?? p.corpus.nDocs, params.docTopicInit === 'random' ? rng : undefined);
    },
    objective: (s, p) => boundPerWord(asVb(s), p),
    /** scikit-learn's `n_batch_iter_` − 1: a fitted model continues with ρ_t at t = its `nBatchIter`. */
    updatesDone: (s) => asVb(s).nBatchIter - 1,
  };
}
