import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';
import { FACTOR_ROTATIONS, type FactorRotation } from '../shared/orient-loadings.js';

/**
 * How the maximum-likelihood iteration runs.
 * - `svd`: scikit-learn's SVD-based iteration (Barber, BRML §21.2): for fixed ψ the likelihood is maximised over W
 *   in closed form from the eigen-decomposition of Ψ^{-1/2} S Ψ^{-1/2}, then ψ = max(diag(S − W Wᵀ), floor).
 * - `em`: the EM algorithm of Rubin & Thayer (1982), with z as missing data.
 */
export type FaMethod = 'svd' | 'em';

/** Hyperparameters of `factor/fa`; names follow scikit-learn's `FactorAnalysis` in camelCase. */
export interface FaParams {
  /** Number of factors K (at most the number of columns D). */
  nComponents: number;
  /** The maximum-likelihood iteration, `svd` (default, scikit-learn's) or `em` (Rubin & Thayer); see {@link FaMethod}. */
  method: FaMethod;
  /** Orthogonal rotation of the loadings after fitting. */
  rotation: FactorRotation;
  /** Stop when the mean log-likelihood per row changes by less than this (scikit-learn's tol is on the total: tol·N). */
  tol: number;
  /** Maximum number of iterations of `method`, ≥ 1 (default 1000, as scikit-learn). */
  maxIter: number;
  /** Lower bound of every noise variance ψ_j (scikit-learn: 1e-12). */
  noiseVarianceFloor: number;
  /**
   * Starting noise variances: 'ones' (ψ = 1, scikit-learn's default) or 'variance' (ψ_j = S_jj), which makes the
   * whole fit independent of the units of the columns and converges much faster on data of mixed scales.
   */
  noiseVarianceInit: 'ones' | 'variance';
}

/** The parameter schema of `factor/fa`, which the registry validates hyperparameters against. */
export const faParamSpecs: ParamSpecs<FaParams> = {
  nComponents: int({ min: 1, description: 'Number of factors K.' }),
  method: oneOf(['svd', 'em'], { description: "Fitting iteration: 'svd' (scikit-learn's) or 'em' (Rubin & Thayer)." }),
  rotation: oneOf(FACTOR_ROTATIONS, { description: 'Orthogonal rotation of the loadings after fitting.' }),
  tol: real({ min: 0, description: 'Stop when the mean log-likelihood per row changes by less than this.' }),
  maxIter: int({ min: 1, description: 'Maximum number of iterations.' }),
  noiseVarianceFloor: real({ exclusiveMin: 0, description: 'Lower bound of every noise variance.' }),
  noiseVarianceInit: oneOf(['ones', 'variance'], { description: "Starting noise variances: 'ones' (scikit-learn's) or the column variances (scale-free)." }),
};

/** The default hyperparameters of `factor/fa`. */
export const faDefaults: FaParams = {
  nComponents: 2,
  method: 'svd',
  rotation: 'none',
  tol: 1e-5,
  maxIter: 1000,
  noiseVarianceFloor: 1e-12,
  noiseVarianceInit: 'ones',
};
