import { API_VERSION, defineModel, type EmTerms, type ModelInstance } from '@latentkit/registry';
import { meta } from '../meta.js';
import type { Moments } from '../shared/column-moments.js';
import { scatterTerms, type LinearGaussian } from '../shared/linear-gaussian.js';
import { PPCA_KEY, ppcaClosedForm, preparePpcaMoments, requireNoiseDimensions } from './ppca-closed-form.js';
import { streamMoments } from '../shared/stream-moments.js';
import { ppcaEmInit, ppcaEStep, ppcaMStep, preparePpcaEmData, type PpcaEmData, type PpcaEmStats } from './ppca-em.js';
import { ppcaFromResult } from './ppca-fitted.js';
import { restorePpca } from './ppca-restore.js';
import { ppcaDefaults, ppcaParamSpecs, type PpcaParams } from './ppca-params.js';

/**
 * The closed form as EM-engine terms: `init` computes the maximum-likelihood solution, the E-step evaluates its mean
 * log-likelihood and the M-step keeps it, so the engine stops at iteration 2 with a change of 0.
 */
function closedFormTerms(params: PpcaParams): EmTerms<LinearGaussian, Moments, null> {
  return {
    prepare: (data) => preparePpcaMoments(data, params.nComponents),
    init: (m: Moments) => ppcaClosedForm(m, params.nComponents, params.ddof),
    eStep: (state: LinearGaussian, m: Moments) => ({ objective: scatterTerms(state, m.cov).logLik, stats: null }),
    mStep: (state: LinearGaussian) => state,
    // Streamed: the moments in two passes, then the same closed form.
    stream: {
      prepare: (source) => {
        requireNoiseDimensions(params.nComponents, source.nCols);
        return streamMoments(source, PPCA_KEY);
      },
    },
  };
}

function emTerms(params: PpcaParams): EmTerms<LinearGaussian, PpcaEmData, PpcaEmStats> {
  return {
    prepare: (data) => {
      if (params.ddof !== 0)
        throw new Error(`${PPCA_KEY}: ddof=${params.ddof} applies to method 'closed-form' only; method 'em' is the maximum-likelihood fit (ddof 0)`);
      return preparePpcaEmData(data, params.nComponents);
    },
    init: (data: PpcaEmData, rng) => ppcaEmInit(data, params.nComponents, rng),
    eStep: (state: LinearGaussian, data: PpcaEmData) => ppcaEStep(state, data),
    mStep: (state: LinearGaussian, stats: PpcaEmStats, data: PpcaEmData) => ppcaMStep(state, stats, data),
  };
}

function createPpca(params: PpcaParams): ModelInstance<PpcaParams, LinearGaussian> {
  return {
    params,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: { em: params.method === 'em' ? emTerms(params) : closedFormTerms(params) },
    fitted: (result, _data, info) => ppcaFromResult(params, result, info),
  };
}

/**
 * Probabilistic PCA (`factor/ppca`, Tipping & Bishop 1999).
 *
 * Generative model: z_i ~ N(0, I_K), x_i = μ + W z_i + ε_i, ε_i ~ N(0, σ²I), so x_i ~ N(μ, W Wᵀ + σ²I).
 * `method: 'closed-form'` (default) is the maximum-likelihood solution from the covariance's eigen-decomposition:
 * σ² = the mean of the D − K smallest eigenvalues, W = U_K (Λ_K − σ²I)^{1/2}. The covariance normaliser is
 * 1/(N − ddof): `ddof: 0` (default) is maximum likelihood, `ddof: 1` is scikit-learn's `PCA`, whose `score` then
 * equals this model's `score` on complete data.
 * `method: 'em'` runs EM from a random start, with the E-step on the observed cells of each row, so it also fits data
 * with missing values (NaN cells); its objective is the mean over rows of the observed cells' log-likelihood, and on
 * complete data it converges to the closed form (ddof 0). W is returned as principal axes (orthogonal columns of
 * decreasing norm, largest entry of each column positive) and then rotated by `rotation`, which leaves the
 * likelihood unchanged. `transform` gives the posterior means E[z | x] = (WᵀW + σ²I)⁻¹Wᵀ(x − μ) (from the observed
 * cells for rows with missing values), not scikit-learn's projections onto the principal axes.
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(ppca, em);
 * const fitted = await registry.create('factor/ppca', { nComponents: 2, ddof: 1 }).fit(data);
 * fitted.score(data); // = sklearn PCA(n_components=2).fit(X).score(X)
 * await registry.create('factor/ppca', { nComponents: 2, method: 'em' }).fit(withMissingCells);
 * ```
 *
 * References: Tipping & Bishop (1999), "Probabilistic principal component analysis", JRSS B 61(3);
 * Ilin & Raiko (2010), "Practical approaches to principal component analysis in the presence of missing values", JMLR 11.
 */
export const ppca = defineModel<PpcaParams, LinearGaussian>({
  meta: { ...meta, id: 'ppca', namespace: 'factor', apiVersion: API_VERSION, description: 'Probabilistic PCA (closed form, or EM with missing values)' },
  params: ppcaParamSpecs,
  defaults: ppcaDefaults,
  // Missing cells are fitted by method 'em' only (the registry rejects them for the closed form, naming method=em);
  // the fitted model scores and transforms rows with missing cells whatever the method.
  data: { kind: 'dense', allowsMissing: true, allowsMissingWith: { method: 'em' }, minRows: 2 },
  supports: ['inference/em'],
  create: createPpca,
  restore: restorePpca,
});

export default ppca;
