import { int, numberMatrix, oneOf, real, type ParamSpecs } from '@latentkit/registry';
import type { CovarianceType, GmmInit } from '../gmm/gmm-params.js';

/** Prior on the mixing weights (scikit-learn's `weight_concentration_prior_type`). */
export type WeightConcentrationPriorType = 'dirichlet_process' | 'dirichlet_distribution';

/**
 * Hyperparameters of `mixture/bayesian-gmm`; names are scikit-learn's `BayesianGaussianMixture` in camelCase.
 * A `null` prior takes scikit-learn's data-dependent default.
 */
export interface BgmParams {
  /** Number of components K (an upper bound: unused components empty out). */
  nComponents: number;
  /** How each component's covariance is parameterised: `full` (default), `diag`, `spherical` or `tied`. */
  covarianceType: CovarianceType;
  /** Convergence threshold on the change of the lower bound (a total over rows, as scikit-learn's). */
  tol: number;
  /** Non-negative regularisation added to the diagonal of every component scatter (default 1e-6). */
  regCovar: number;
  /** Maximum number of variational iterations per initialisation (≥ 1; default 100). */
  maxIter: number;
  /** Number of initialisations (≥ 1; default 1); the run with the highest lower bound is kept. */
  nInit: number;
  /** How the starting responsibilities are chosen: `kmeans` (default), `k-means++` or `random`, from the seed. */
  initParams: GmmInit;
  /** Initial means (K rows of D numbers); responsibilities start as the nearest-mean assignment. */
  meansInit: number[][] | null;
  /** Prior on the weights: `dirichlet_process` (truncated stick-breaking, default) or `dirichlet_distribution`. */
  weightConcentrationPriorType: WeightConcentrationPriorType;
  /** γ₀ (Dirichlet concentration, or the stick-breaking Beta(1, γ₀) parameter); default 1/K. */
  weightConcentrationPrior: number | null;
  /** β₀, the precision of the prior on the means relative to the component precision; default 1. */
  meanPrecisionPrior: number | null;
  /** m₀ (D numbers); default the column means of the data. */
  meanPrior: number[] | null;
  /** ν₀ > D − 1; default D. */
  degreesOfFreedomPrior: number | null;
  /**
   * Ψ₀ (a D×D matrix; the Wishart scale is its inverse); default the sample covariance of the data (ddof 1).
   * diag uses its diagonal and spherical the mean of its diagonal, as scikit-learn's defaults for those types.
   */
  covariancePrior: number[][] | null;
}

/** The parameter schema of `mixture/bayesian-gmm`, which the registry validates hyperparameters against. */
export const bgmParamSpecs: ParamSpecs<BgmParams> = {
  nComponents: int({ min: 1, description: 'Number of components K (an upper bound; unused ones empty out).' }),
  covarianceType: oneOf(['full', 'diag', 'spherical', 'tied'], { description: 'Covariance parameterisation.' }),
  tol: real({ min: 0, description: 'Stop when the lower bound (total over rows) changes by less than this.' }),
  regCovar: real({ min: 0, description: 'Added to the diagonal of each component scatter.' }),
  maxIter: int({ min: 1, description: 'Maximum iterations per initialisation.' }),
  nInit: int({ min: 1, description: 'Number of initialisations; the highest lower bound is kept.' }),
  initParams: oneOf(['kmeans', 'k-means++', 'random'], { description: 'Initialisation of the responsibilities.' }),
  meansInit: numberMatrix({ description: 'Initial means, K rows of D numbers (JSON).' }),
  weightConcentrationPriorType: oneOf(['dirichlet_process', 'dirichlet_distribution'], {
    description: 'Stick-breaking (truncated Dirichlet process) or Dirichlet prior on the weights.',
  }),
  weightConcentrationPrior: real({ exclusiveMin: 0, description: 'Concentration γ₀ of the weight prior (default 1/K).' }),
  meanPrecisionPrior: real({ exclusiveMin: 0, description: 'Precision β₀ of the prior on the means (default 1).' }),
  meanPrior: { type: 'array', items: { type: 'number' }, minItems: 1, description: 'Prior mean m₀, D numbers (default: column means).' },
  degreesOfFreedomPrior: real({ description: 'Wishart degrees of freedom ν₀ > D − 1 (default D).' }),
  covariancePrior: numberMatrix({ description: 'Prior covariance Ψ₀, D×D (default: sample covariance).' }),
};

/** The default hyperparameters of `mixture/bayesian-gmm`. */
export const bgmDefaults: BgmParams = {
  nComponents: 1,
  covarianceType: 'full',
  tol: 1e-3,
  regCovar: 1e-6,
  maxIter: 100,
  nInit: 1,
  initParams: 'kmeans',
  meansInit: null,
  weightConcentrationPriorType: 'dirichlet_process',
  weightConcentrationPrior: null,
  meanPrecisionPrior: null,
  meanPrior: null,
  degreesOfFreedomPrior: null,
  covariancePrior: null,
};
