import { lgamma, type Dataset, type Rng } from '@latentkit/core';
import type { GibbsTerms } from '@latentkit/registry';
import { corpusOf } from './lda-corpus.js';
import { effectivePriors, LDA_GIBBS_SWEEPS, type LdaParams } from './lda-params.js';
import type { LdaGibbsState, LdaState } from './lda-state.js';

/** The corpus as a token list for collapsed Gibbs sampling. */
export interface LdaGibbsData {
  readonly k: number;
  readonly v: number;
  readonly nDocs: number;
  readonly alpha: number;
  readonly eta: number;
  /** Document and word of every token, documents in order, words in column order. */
  readonly docOf: Int32Array;
  readonly wordOf: Int32Array;
  readonly docLength: Int32Array;
}

export function prepareGibbs(params: LdaParams, data: Dataset): LdaGibbsData {
  const c = corpusOf(data, 'topic/lda');
  const n = c.totalCount;
  const docOf = new Int32Array(n);
  const wordOf = new Int32Array(n);
  const docLength = new Int32Array(c.nDocs);
  let t = 0;
  for (let d = 0; d < c.nDocs; d++) {
    const first = t;
    for (let q = c.indptr[d]; q < c.indptr[d + 1]; q++) {
      for (let r = 0; r < c.counts[q]; r++) {
        docOf[t] = d;
        wordOf[t++] = c.indices[q];
      }
    }
    docLength[d] = t - first;
  }
  const { alpha, eta } = effectivePriors(params);
  return { k: params.nComponents, v: c.nWords, nDocs: c.nDocs, alpha, eta, docOf, wordOf, docLength };
}

/**
 * log p(w, z | α, η) with θ and β integrated out:
 * Σ_k [log Γ(Vη) − log Γ(n_k + Vη) + Σ_w (log Γ(n_wk + η) − log Γ(η))] + Σ_d [log Γ(Kα) − log Γ(N_d + Kα) + Σ_k (log Γ(n_dk + α) − log Γ(α))].
 */
export function logJoint(s: LdaGibbsState, p: LdaGibbsData): number {
  const { k, v, alpha, eta } = p;
  const lgEta = lgamma(eta);
  const lgAlpha = lgamma(alpha);
  let lp = k * lgamma(v * eta) + p.nDocs * lgamma(k * alpha);
  for (let j = 0; j < k; j++) lp -= lgamma(s.nk[j] + v * eta);
  for (let i = 0; i < s.nwk.length; i++) if (s.nwk[i] > 0) lp += lgamma(s.nwk[i] + eta) - lgEta;
  for (let d = 0; d < p.nDocs; d++) lp -= lgamma(p.docLength[d] + k * alpha);
  for (let i = 0; i < s.ndk.length; i++) if (s.ndk[i] > 0) lp += lgamma(s.ndk[i] + alpha) - lgAlpha;
  return lp;
}

function initChain(p: LdaGibbsData, rng: Rng): LdaGibbsState {
  const { k, v } = p;
  const n = p.docOf.length;
  const z = new Int32Array(n);
  const ndk = new Int32Array(p.nDocs * k);
  const nwk = new Int32Array(v * k);
  const nk = new Int32Array(k);
  for (let t = 0; t < n; t++) {
    const j = Math.floor(rng.uniform() * k);
    z[t] = j;
    ndk[p.docOf[t] * k + j]++;
    nwk[p.wordOf[t] * k + j]++;
    nk[j]++;
  }
  return { kind: 'gibbs', k, v, z, ndk, nwk, nk };
}

/**
 * One sweep of collapsed Gibbs sampling over every token i (document d, word w), on copies of the chain state:
 * remove the token from the counts, draw z_i = k with probability ∝ (n_dk + α)·(n_wk + η)/(n_k + Vη), add it back.
 */
function sweep(state: LdaGibbsState, p: LdaGibbsData, rng: Rng): LdaGibbsState {
  const { k, alpha, eta } = p;
  const vEta = p.v * eta;
  const z = state.z.slice();
  const ndk = state.ndk.slice();
  const nwk = state.nwk.slice();
  const nk = state.nk.slice();
  const cdf = new Float64Array(k);
  for (let t = 0; t < z.length; t++) {
    const dk = p.docOf[t] * k;
    const wk = p.wordOf[t] * k;
    const old = z[t];
    ndk[dk + old]--;
    nwk[wk + old]--;
    nk[old]--;
    let total = 0;
    for (let j = 0; j < k; j++) {
      total += ((ndk[dk + j] + alpha) * (nwk[wk + j] + eta)) / (nk[j] + vEta);
      cdf[j] = total;
    }
    const u = rng.uniform() * total;
    let j = 0;
    while (j < k - 1 && cdf[j] <= u) j++;
    z[t] = j;
    ndk[dk + j]++;
    nwk[wk + j]++;
    nk[j]++;
  }
  return { kind: 'gibbs', k, v: p.v, z, ndk, nwk, nk };
}

/**
 * Terms of collapsed Gibbs sampling for `inference/gibbs`; the objective is the log joint per token after each sweep.
 * `sweeps`, the chain's length, is `maxIter` or {@link LDA_GIBBS_SWEEPS}, not the variational default of 10 passes.
 */
export function gibbsTerms(params: LdaParams): GibbsTerms<LdaState, LdaGibbsData> & { readonly sweeps: number } {
  return {
    sweeps: params.maxIter ?? LDA_GIBBS_SWEEPS,
    prepare: (data) => prepareGibbs(params, data),
    init: (p, rng) => initChain(p, rng),
    sweep(s, p, rng) {
      if (s.kind !== 'gibbs') throw new Error('topic/lda: inference/gibbs was given a variational state');
      const next = sweep(s, p, rng);
      return { state: next, objective: logJoint(next, p) / Math.max(1, next.z.length) };
    },
  };
}
