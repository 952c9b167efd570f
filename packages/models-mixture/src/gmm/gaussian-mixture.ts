import { API_VERSION, defineModel, type ModelInstance } from '@latentkit/registry';
import { meta } from '../meta.js';
import { prepareGmmData, type GmmData } from './gmm-data.js';
import type { GmmStats } from './gmm-estep.js';
import { FittedGmm } from './gmm-fitted.js';
import { gmmInit } from './gmm-init.js';
import { withShards } from './gmm-shard.js';
import { gmmStreamTerms, sampledInit } from './gmm-stream.js';
import { gmmMStep } from './gmm-mstep.js';
import { gmmDefaults, gmmParamSpecs, type GmmParams } from './gmm-params.js';
import { restoreGmm } from './gmm-restore.js';
import { releaseThreads, threadedGmmEStep, withThreads, type ThreadedGmmData } from './gmm-threads.js';
import type { GmmState } from './gmm-state.js';

function createGmm(params: GmmParams): ModelInstance<GmmParams, GmmState> {
  return {
    params,
    restarts: params.warmStart ? 1 : params.nInit,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: {
      em: {
        prepare: (data, context) => withThreads(prepareGmmData(data), context),
        release: releaseThreads,
        init: (data: GmmData, rng) =>
          params.initSample !== null && !params.warmStart ? sampledInit(params, data, rng, params.initSample) : gmmInit(params, data, rng),
        eStep: (state: GmmState, data: ThreadedGmmData) => threadedGmmEStep(state, data),
        mStep: (_state: GmmState, stats: GmmStats) => gmmMStep(stats, params.covarianceType, params.regCovar, { check: true }),
        stream: withShards(params, gmmStreamTerms(params)),
      },
    },
    fitted: (result, _data, info) => new FittedGmm(params, result.state, info),
  };
}

/**
 * Gaussian mixture model fitted by EM (`mixture/gmm`).
 *
 * Generative process: z_i ~ Categorical(π), x_i | z_i = k ~ N(μ_k, Σ_k), so
 * p(x) = Σ_k π_k N(x | μ_k, Σ_k). The E-step computes responsibilities
 * r_ik = π_k N(x_i | μ_k, Σ_k) / Σ_j π_j N(x_i | μ_j, Σ_j) in one batched matmul over all components;
 * the M-step sets π_k = N_k / N, μ_k = Σ_i r_ik x_i / N_k and Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + regCovar·I
 * in float64. The objective is the mean log-likelihood per sample, as scikit-learn's `lower_bound_`.
 *
 * Threads: the row blocks do not depend on `FitOptions.threads`; with more than one thread they are spread over worker
 * threads (each holding its blocks for the whole fit) and their sums still added in block order, so the fit is the
 * same, bit for bit, for any number of threads.
 *
 * Numerics: the E-step runs in float32 over row blocks of 8,192 rows whose sums are added in float64, and the
 * statistics of each component are taken in its own frame (its current mean and Cholesky factor; the first M-step
 * after initialisation takes a second pass about the weighted means), never as Σ r x xᵀ / N_k − μ μᵀ, so that float32
 * rounding is relative to the component's own spread rather than to its squared distance from the data's centre
 * (see `GmmStats`). Components whose float32 statistics would still be too coarse (collapsing onto a few points or
 * duplicated rows, collinear columns) are recomputed exactly in float64, and components narrower than float32 resolves
 * at their distance from the centre (`gmm-float64-components.ts`) get their log-densities in float64 as well. A covariance that is singular even so (e.g.
 * regCovar = 0 and a component on one point) stops the fit with a one-line `SingularCovarianceError` naming the
 * component (1-based) and the points it holds.
 *
 * Missing values: NaN cells are handled exactly (Ghahramani & Jordan 1994). A row with observed coordinates o
 * contributes log Σ_k π_k N(x_o | μ_k,o, Σ_k,oo) (the missing ones integrated out), and the M-step uses the expected
 * statistics E[x_m | x_o, z = k] = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o) and Cov[x_m | x_o, z = k] = Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om.
 * Complete rows keep the batched float32 E-step; incomplete rows go through a float64 path grouped by pattern.
 * Scoring marginalises the same way. Initialisation (k-means, nearest mean) fills missing cells with column means.
 *
 * Warm start: `warmStart: true` with `weightsInit`, `meansInit` and `covariancesInit` starts EM exactly there;
 * `registry.continueFit(fitted, data)` runs more EM iterations from a fitted model, on the same or new data.
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(gmm, em);
 * const fitted = await registry.create('mixture/gmm', { nComponents: 2 }).fit(data, { seed: 0 });
 * fitted.score(data); // mean log-likelihood per sample (nats)
 * ```
 *
 * References: Bishop (2006), Pattern Recognition and Machine Learning, §9.2;
 * scikit-learn `GaussianMixture` (the parameter names and conventions followed here).
 */
export const gmm = defineModel<GmmParams, GmmState>({
  meta: {
    ...meta,
    id: 'gmm',
    namespace: 'mixture',
    apiVersion: API_VERSION,
    description: 'Gaussian mixture (full, diag, spherical or tied covariance) fitted by EM',
  },
  params: gmmParamSpecs,
  defaults: gmmDefaults,
  data: { kind: 'dense', allowsMissing: true, minRows: 2 },
  supports: ['inference/em'],
  create: createGmm,
  restore: restoreGmm,
});

export default gmm;
