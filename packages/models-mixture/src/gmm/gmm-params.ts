import { bool, int, numberMatrix, oneOf, real, type ParamSpec, type ParamSpecs } from '@latentkit/registry';

/** How each component's covariance is parameterised (scikit-learn's `covariance_type`). */
export type CovarianceType = 'full' | 'diag' | 'spherical' | 'tied';

/** How the EM starting point is chosen (scikit-learn's `init_params`). */
export type GmmInit = 'kmeans' | 'k-means++' | 'random';

/** Hyperparameters of `mixture/gmm`; names are scikit-learn's in camelCase. */
export interface GmmParams {
  /** Number of mixture components K. */
  nComponents: number;
  /** How each component's covariance is parameterised: `full` (default), `diag`, `spherical` or `tied`. */
  covarianceType: CovarianceType;
  /** Convergence threshold on the change of the mean log-likelihood per sample. */
  tol: number;
  /** Non-negative regularisation added to the diagonal of every covariance. */
  regCovar: number;
  /** Maximum number of EM iterations per initialisation (≥ 1; default 100). */
  maxIter: number;
  /** Number of initialisations; the best final log-likelihood wins. */
  nInit: number;
  /** How the starting responsibilities are chosen: `kmeans` (default), `k-means++` or `random`, from the seed. */
  initParams: GmmInit;
  /** Initial means (K rows of D numbers); when given, responsibilities start as the nearest-mean assignment. */
  meansInit: number[][] | null;
  /** Initial weights (K numbers summing to 1); replace the weights of the initial M-step (scikit-learn's `weights_init`). */
  weightsInit: number[] | null;
  /**
   * Initial covariances, K full D×D matrices whatever `covarianceType` (projected onto it: diag keeps the diagonal,
   * spherical its mean, tied their weighted average); replace those of the initial M-step.
   */
  covariancesInit: number[][][] | null;
  /**
   * Start EM exactly at (`weightsInit`, `meansInit`, `covariancesInit`), all three required, with one run
   * (`nInit` is ignored): scikit-learn's `warm_start` for an immutable model. `FittedGmm.warmStartParams()`
   * fills them from a fitted model, and `registry.continueFit(fitted, data)` continues EM on new data.
   */
  warmStart: boolean;
  /**
   * Initialise from a seeded uniform sample of this many rows (a reservoir sample, drawn with the restart's
   * generator) instead of all rows: what a streamed fit does (default there 65,536), selectable in memory so that the
   * two start from the same point. null: all rows (in memory).
   */
  initSample: number | null;
}

/** A JSON array of K numbers. */
function numberVector(description: string): ParamSpec {
  return { type: 'array', items: { type: 'number' }, minItems: 1, description };
}

/** A JSON array of K matrices (rows of numbers). */
function matrixList(description: string): ParamSpec {
  return { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 1 }, minItems: 1 }, minItems: 1, description };
}

/** The parameter schema of `mixture/gmm`, which the registry validates hyperparameters against. */
export const gmmParamSpecs: ParamSpecs<GmmParams> = {
  nComponents: int({ min: 1, description: 'Number of mixture components K.' }),
  covarianceType: oneOf(['full', 'diag', 'spherical', 'tied'], { description: 'Covariance parameterisation.' }),
  tol: real({ min: 0, description: 'Stop when the mean log-likelihood changes by less than this.' }),
  regCovar: real({ min: 0, description: 'Added to the diagonal of each covariance.' }),
  maxIter: int({ min: 1, description: 'Maximum EM iterations per initialisation.' }),
  nInit: int({ min: 1, description: 'Number of initialisations; the best is kept.' }),
  initParams: oneOf(['kmeans', 'k-means++', 'random'], { description: 'Initialisation of the responsibilities.' }),
  meansInit: numberMatrix({ description: 'Initial means, K rows of D numbers (JSON).' }),
  weightsInit: numberVector('Initial weights, K numbers summing to 1 (JSON).'),
  covariancesInit: matrixList('Initial covariances, K full D×D matrices (JSON).'),
  warmStart: bool({ description: 'Start exactly at weightsInit, meansInit and covariancesInit (one run).' }),
  initSample: int({ min: 1, description: 'Initialise from a seeded reservoir sample of this many rows (null: all rows; streamed fits: 65536).' }),
};

/** The default hyperparameters of `mixture/gmm`. */
export const gmmDefaults: GmmParams = {
  nComponents: 1,
  covarianceType: 'full',
  tol: 1e-3,
  regCovar: 1e-6,
  maxIter: 100,
  nInit: 1,
  initParams: 'kmeans',
  meansInit: null,
  weightsInit: null,
  covariancesInit: null,
  warmStart: false,
  initSample: null,
};
