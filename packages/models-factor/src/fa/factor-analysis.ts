import { API_VERSION, defineModel, type EmTerms, type ModelInstance } from '@latentkit/registry';
import { meta } from '../meta.js';
import { posteriorFactors, rootLogLik, scatterTerms, type LinearGaussian } from '../shared/linear-gaussian.js';
import { prepareFaData, streamFaData, type FaData } from './fa-data.js';
import { faEmStats, faEmUpdate, type FaEmStats } from './fa-em-step.js';
import { faFromResult } from './fa-fitted.js';
import { restoreFa } from './fa-restore.js';
import { faDefaults, faParamSpecs, type FaParams } from './fa-params.js';
import { svdLoadings, svdNoise } from './fa-svd-step.js';

/**
 * The EM-engine terms of factor analysis. The state is (μ, W, ψ) with μ the sample mean (its maximum-likelihood
 * value). Both methods start where scikit-learn does, from ψ = 1 (or ψ = diag S with `noiseVarianceInit:
 * 'variance'`) with W the best loadings for that ψ, and the objective is the mean log-likelihood per row at the
 * input state, which both methods never decrease.
 */
export function faTerms(params: FaParams): EmTerms<LinearGaussian, FaData, FaEmStats | null> {
  const k = params.nComponents;
  const floor = params.noiseVarianceFloor;
  return {
    prepare: (data) => prepareFaData(data, k),
    init: (data: FaData) => {
      const noise = params.noiseVarianceInit === 'variance' ? data.variance.map((v) => Math.max(v, floor)) : new Float64Array(data.d).fill(1);
      return { d: data.d, k, mean: data.mean, loadings: svdLoadings(data.cov, noise, data.d, k), noise };
    },
    eStep: (state: LinearGaussian, data: FaData) => {
      const f = posteriorFactors(state);
      const objective = rootLogLik(state, data.root, f);
      return { objective, stats: params.method === 'em' ? faEmStats(f, scatterTerms(state, data.cov, f), data.d, k) : null };
    },
    mStep: (state: LinearGaussian, stats: FaEmStats | null, data: FaData) => {
      if (stats) return { ...state, ...faEmUpdate(stats, data.variance, data.d, k, floor) };
      const noise = svdNoise(data.variance, state.loadings, data.d, k, floor);
      return { ...state, noise, loadings: svdLoadings(data.cov, noise, data.d, k) };
    },
    // Streamed: the moments in two passes; the iterations then run on them as in memory.
    stream: { prepare: (source) => streamFaData(source, k) },
  };
}

function createFa(params: FaParams): ModelInstance<FaParams, LinearGaussian> {
  return {
    params,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: { em: faTerms(params) },
    fitted: (result, _data, info) => faFromResult(params, result, info),
  };
}

/**
 * Factor analysis (`factor/fa`), fitted by maximum likelihood.
 *
 * Generative model: z_i ~ N(0, I_K), x_i = μ + W z_i + ε_i, ε_i ~ N(0, Ψ) with Ψ = diag(ψ_1, …, ψ_D), so that
 * x_i ~ N(μ, W Wᵀ + Ψ). With the sample covariance S (1/N), the mean log-likelihood per row is
 * −½ [D log 2π + log det(W Wᵀ + Ψ) + tr((W Wᵀ + Ψ)⁻¹ S)].
 *
 * `method: 'svd'` (default) is scikit-learn's iteration: from ψ = 1 (`noiseVarianceInit: 'ones'`, scikit-learn's
 * start; 'variance' starts from ψ = diag S, which makes the fit independent of the columns' units), alternate W ← argmax_W L(W, ψ) (closed form from
 * the eigen-decomposition of Ψ^{-1/2} S Ψ^{-1/2}) and ψ_j ← max(S_jj − Σ_k W_jk², noiseVarianceFloor).
 * `method: 'em'` runs the EM algorithm of Rubin & Thayer (1982) from the same start:
 * W ← S Bᵀ (G + B S Bᵀ)⁻¹, ψ_j ← max(S_jj − (W B S)_jj, floor), with G = (I + WᵀΨ⁻¹W)⁻¹, B = G WᵀΨ⁻¹.
 * Both are monotone ascents of the likelihood and converge to the same stationary points; `svd` usually needs far
 * fewer iterations. After fitting, W is put in canonical orientation (Ψ^{-1/2}W with orthogonal columns of decreasing
 * norm, each column's largest entry positive) and rotated by `rotation` ('varimax' or 'quartimax', as scikit-learn's
 * `_ortho_rotation`), which leaves the likelihood unchanged.
 *
 * Conventions: `tol` is on the mean log-likelihood per row (scikit-learn's `tol=1e-2` is on the total, i.e.
 * tol = 1e-2 / N here). A constant (or perfectly explained) column drives its ψ_j to the floor (10⁻¹² by default, as
 * scikit-learn), which adds about ½ ln(10¹²) ≈ 13.8 nats per row to the log-likelihood; drop such columns or raise
 * `noiseVarianceFloor`. Everything runs in float64; one iteration costs O(D³) after an O(N·D²) covariance.
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(fa, em);
 * const fitted = await registry.create('factor/fa', { nComponents: 3, rotation: 'varimax' }).fit(data);
 * fitted.score(data); // mean log-likelihood per row (nats)
 * fitted.transform(data); // factor scores E[z | x]
 * ```
 *
 * References: Rubin & Thayer (1982), "EM algorithms for ML factor analysis", Psychometrika 47;
 * Barber (2012), Bayesian Reasoning and Machine Learning, §21.2; scikit-learn `FactorAnalysis`.
 */
export const fa = defineModel<FaParams, LinearGaussian>({
  meta: {
    ...meta,
    id: 'fa',
    namespace: 'factor',
    apiVersion: API_VERSION,
    description: 'Factor analysis (maximum likelihood by the SVD iteration or EM), with varimax/quartimax rotation',
  },
  params: faParamSpecs,
  defaults: faDefaults,
  data: { kind: 'dense', allowsMissing: false, minRows: 2 },
  supports: ['inference/em'],
  create: createFa,
  restore: restoreFa,
});

export default fa;
