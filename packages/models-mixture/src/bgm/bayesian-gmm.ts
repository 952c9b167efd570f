import { requireDense } from '@latentkit/core';
import type { Dataset } from '@latentkit/core';
import { API_VERSION, defineModel, type CaviSweepResult, type ModelInstance, type PrepareContext } from '@latentkit/registry';
import { meta } from '../meta.js';
import { prepareGmmData } from '../gmm/gmm-data.js';
import { andThen, releaseThreads, threadedEStep, withThreads, type ThreadedGmmData } from '../gmm/gmm-threads.js';
import { initialStats } from '../gmm/gmm-init.js';
import { bgmLowerBound } from './bgm-bound.js';
import { BGM_KEY, FittedBgm } from './bgm-fitted.js';
import { bgmDefaults, bgmParamSpecs, type BgmParams } from './bgm-params.js';
import { restoreBgm } from './bgm-restore.js';
import { resolvePriors, variationalLogWeights, type BgmPriors, type BgmState } from './bgm-state.js';
import { bgmUpdate } from './bgm-update.js';

/** Data of one fit: the GMM tensors and the priors resolved against the data. */
interface BgmData {
  readonly rows: ThreadedGmmData;
  readonly priors: BgmPriors;
}

function prepare(params: BgmParams, data: Dataset, context?: PrepareContext): BgmData {
  const ds = requireDense(data, BGM_KEY);
  const priors = resolvePriors(params, ds);
  return { rows: withThreads(prepareGmmData(ds, undefined, { who: BGM_KEY }), context), priors };
}

/**
 * One CAVI sweep, scikit-learn's iteration: update q(z) from the current q(π, μ, Λ) (responsibilities
 * r_ik ∝ exp(E[log π_k] + E[log N(x_i | μ_k, Λ_k⁻¹)])), then q(π, μ, Λ) from the statistics of q(z), and
 * return the lower bound at the updated pair (scikit-learn's `lower_bound_`, evaluated after its M-step).
 */
function sweep(params: BgmParams, state: BgmState, data: BgmData): CaviSweepResult<BgmState> | Promise<CaviSweepResult<BgmState>> {
  return andThen(threadedEStep(state, data.rows, variationalLogWeights(state), { entropy: true }), ({ stats, sumRLogR }) => {
    const next = bgmUpdate(stats, data.priors, params.covarianceType, params.regCovar);
    return { state: next, objective: bgmLowerBound(next, sumRLogR) };
  });
}

function createBgm(params: BgmParams): ModelInstance<BgmParams, BgmState> {
  return {
    params,
    restarts: params.nInit,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: {
      cavi: {
        prepare: (data, context) => prepare(params, data, context),
        release: (data: BgmData) => releaseThreads(data.rows),
        init: (data: BgmData, rng) => bgmUpdate(initialStats(params, data.rows, rng, BGM_KEY), data.priors, params.covarianceType, params.regCovar),
        sweep: (state: BgmState, data: BgmData) => sweep(params, state, data),
      },
    },
    fitted: (result, _data, info) => new FittedBgm(params, result.state, info, result.objective),
  };
}

/**
 * Bayesian Gaussian mixture fitted by coordinate-ascent variational inference (`mixture/bayesian-gmm`),
 * scikit-learn's `BayesianGaussianMixture`.
 *
 * Model: π ~ Dirichlet(γ₀, …, γ₀) or, by default, the truncated stick-breaking (Dirichlet process) prior
 * v_k ~ Beta(1, γ₀), π_k = v_k Π_{j<k} (1 − v_j); Λ_k ~ Wishart(Ψ₀⁻¹, ν₀), μ_k | Λ_k ~ N(m₀, (β₀ Λ_k)⁻¹);
 * z_i ~ Categorical(π); x_i | z_i = k ~ N(μ_k, Λ_k⁻¹). The mean-field posterior q(z) q(π) q(μ, Λ) is updated by
 * CAVI (Bishop 2006, §10.2; Blei & Jordan 2006 for the stick-breaking weights): components the data do not need
 * keep only their prior mass, so their weights empty out and K acts as an upper bound. The objective is
 * scikit-learn's lower bound (a total over rows, without constant terms), so `tol` means what it means there.
 *
 * Scores: `logLikelihood` is the mean log-likelihood per row of the plug-in mixture (weights E[π], means m_k,
 * covariances E[Λ_k]⁻¹, scikit-learn's `weights_`, `means_`, `covariances_`); `variationalScore` is
 * scikit-learn's `score`, the mean of log Σ_k exp(E[log π_k] + E[log N(x | μ_k, Λ_k⁻¹)]).
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(bayesianGmm, cavi);
 * const fitted = await registry.create('mixture/bayesian-gmm', { nComponents: 10 }).fit(data, { seed: 0 });
 * fitted.weights; // most of the 10 are near 0 when the data have fewer clusters
 * ```
 *
 * References: Bishop (2006), Pattern Recognition and Machine Learning, §10.2; Blei & Jordan (2006),
 * "Variational inference for Dirichlet process mixtures"; scikit-learn `BayesianGaussianMixture`.
 */
export const bayesianGmm = defineModel<BgmParams, BgmState>({
  meta: {
    ...meta,
    id: 'bayesian-gmm',
    namespace: 'mixture',
    apiVersion: API_VERSION,
    description: 'Bayesian Gaussian mixture (Dirichlet or Dirichlet-process weights) fitted by CAVI',
  },
  params: bgmParamSpecs,
  defaults: bgmDefaults,
  data: { kind: 'dense', allowsMissing: false, minRows: 2 },
  supports: ['inference/cavi'],
  create: createBgm,
  restore: restoreBgm,
});

export default bayesianGmm;
