import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';
import { FACTOR_ROTATIONS, type FactorRotation } from '../shared/orient-loadings.js';

/**
 * How probabilistic PCA is fitted.
 * - `closed-form`: the maximum-likelihood solution of Tipping & Bishop from the eigen-decomposition of the
 *   covariance (complete data only).
 * - `em`: the EM algorithm, which also fits data with missing cells (NaN).
 */
export type PpcaMethod = 'closed-form' | 'em';

/** Hyperparameters of `factor/ppca`. */
export interface PpcaParams {
  /** Number of components K (less than the number of columns D). */
  nComponents: number;
  /** `closed-form` (default: Tipping & Bishop's eigen-decomposition, complete data only) or `em` (also with missing cells); see {@link PpcaMethod}. */
  method: PpcaMethod;
  /** Orthogonal rotation of the loadings after fitting. */
  rotation: FactorRotation;
  /** EM: stop when the mean log-likelihood per row changes by less than this. */
  tol: number;
  /** EM: maximum number of iterations. */
  maxIter: number;
  /**
   * Closed form: the covariance normaliser is 1/(N − ddof). 0 (default) is the maximum-likelihood fit; 1 reproduces
   * scikit-learn's `PCA(n_components).score`, whose explained variances use 1/(N − 1).
   */
  ddof: number;
}

/** The parameter schema of `factor/ppca`, which the registry validates hyperparameters against. */
export const ppcaParamSpecs: ParamSpecs<PpcaParams> = {
  nComponents: int({ min: 1, description: 'Number of components K (less than the number of columns).' }),
  method: oneOf(['closed-form', 'em'], { description: "'closed-form' (eigen-decomposition) or 'em' (also for missing values)." }),
  rotation: oneOf(FACTOR_ROTATIONS, { description: 'Orthogonal rotation of the loadings after fitting.' }),
  tol: real({ min: 0, description: 'EM: stop when the mean log-likelihood per row changes by less than this.' }),
  maxIter: int({ min: 1, description: 'EM: maximum number of iterations.' }),
  ddof: int({ min: 0, max: 1, description: 'Closed form: covariance normaliser 1/(N − ddof); 1 matches scikit-learn PCA.' }),
};

/** The default hyperparameters of `factor/ppca`. */
export const ppcaDefaults: PpcaParams = {
  nComponents: 2,
  method: 'closed-form',
  rotation: 'none',
  tol: 1e-6,
  maxIter: 1000,
  ddof: 0,
};
