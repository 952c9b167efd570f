import { API_VERSION, defineModel, type ModelInstance } from '@latentkit/registry';
import { meta } from '../meta.js';
import { ldaFromResult } from './lda-fitted.js';
import { gibbsTerms } from './lda-gibbs.js';
import { restoreLda } from './lda-restore.js';
import { LDA_VB_PASSES, ldaDefaults, ldaParamSpecs, type LdaParams } from './lda-params.js';
import type { LdaState } from './lda-state.js';
import { caviTerms, onlineTerms } from './lda-vb.js';

function createLda(params: LdaParams): ModelInstance<LdaParams, LdaState> {
  return {
    params,
    maxIter: params.maxIter ?? LDA_VB_PASSES,
    tol: params.tol,
    preferredEngine: params.learningMethod === 'online' ? 'inference/online-vi' : 'inference/cavi',
    engineDefaults: {
      'inference/online-vi': { batchSize: params.batchSize, learningOffset: params.learningOffset, learningDecay: params.learningDecay },
    },
    terms: { cavi: caviTerms(params), onlineVi: onlineTerms(params), gibbs: gibbsTerms(params) },
    fitted: (result, data, info) => ldaFromResult(params, result, data, info),
  };
}

/**
 * Latent Dirichlet allocation (`topic/lda`), with scikit-learn's `LatentDirichletAllocation` conventions.
 *
 * Generative process: for each topic k, β_k ~ Dirichlet(η·1_V); for each document d, θ_d ~ Dirichlet(α·1_K), and
 * for each of its words a topic z ~ Categorical(θ_d) and a word w ~ Categorical(β_z). Mean-field variational
 * Bayes uses q(β_k) = Dirichlet(λ_k), q(θ_d) = Dirichlet(γ_d), q(z_dn) = Categorical(φ_dn):
 * - `learningMethod: 'batch'` (`inference/cavi`): each iteration runs the E-step on every document (γ_d from
 *   Gamma(100, 1/100) draws, updated to convergence) and sets λ_kw = η + Σ_d n_dw·φ_dwk;
 * - `learningMethod: 'online'` (`inference/online-vi`): per minibatch B, λ ← (1 − ρ_t)·λ + ρ_t·(η + (D/|B|)·Σ_{d∈B} n_dw·φ_dwk),
 *   ρ_t = (learningOffset + t)^(−learningDecay); `registry.continueFit(fitted, batch, { engine: 'inference/online-vi', maxIter: 1 })` continues on new documents (scikit-learn's `partial_fit`);
 * - `inference/gibbs`: collapsed Gibbs sampling of the token topics, λ = η + n_wk from the final sample, after
 *   `maxIter` sweeps (default 200; the variational engines' default is scikit-learn's 10 passes). The chain's length
 *   comes from the hyperparameter only: `FitOptions.maxIter` does not change it (see `GibbsChainTerms`).
 * The trace holds the per-word bound (variational engines: exp(−value) is the perplexity) or the log joint per
 * token (Gibbs). Scores: `boundPerWord`, `perplexity` (scikit-learn's definition) and `documentCompletionPerplexity`.
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(lda, cavi, onlineVi, gibbs);
 * const fitted = (await registry.create('topic/lda', { nComponents: 10, maxIter: 50 }).fit(docs, { seed: 0 })) as FittedLda;
 * fitted.perplexity(testDocs); fitted.topWords(10);
 * ```
 *
 * References: Blei, Ng & Jordan (2003), "Latent Dirichlet allocation", JMLR 3; Hoffman, Blei & Bach (2010),
 * "Online learning for latent Dirichlet allocation", NIPS; Griffiths & Steyvers (2004), "Finding scientific topics",
 * PNAS 101; scikit-learn `LatentDirichletAllocation` (the parameter names and the perplexity followed here).
 */
export const lda = defineModel<LdaParams, LdaState>({
  meta: {
    ...meta,
    id: 'lda',
    namespace: 'topic',
    apiVersion: API_VERSION,
    description: 'Latent Dirichlet allocation by batch or online variational Bayes, or collapsed Gibbs sampling',
  },
  params: ldaParamSpecs,
  defaults: ldaDefaults,
  data: { kind: 'counts', nonNegative: true, integer: true, allowsMissing: false, minRows: 1 },
  supports: ['inference/cavi', 'inference/online-vi', 'inference/gibbs'],
  create: createLda,
  restore: restoreLda,
});

export default lda;
