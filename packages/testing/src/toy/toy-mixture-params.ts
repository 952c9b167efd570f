import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';

/** Hyperparameters of the reference plugin `toy/mixture`. */
export interface ToyMixtureParams {
  /** Number of components K. */
  nComponents: number;
  /** Known variance σ² shared by every component and dimension. */
  variance: number;
  /** Maximum EM iterations per initialisation, ≥ 1 (default 50). */
  maxIter: number;
  /** Stop when the mean log-likelihood changes by less than this, ≥ 0 (default 1e-6). */
  tol: number;
  /** Number of EM initialisations; the best final objective is kept. */
  nInit: number;
  /** Initial means: K distinct random rows, or the first K rows. */
  init: 'random' | 'first-rows';
}

/** Parameter specs of `toy/mixture` (K ≤ 10; σ² > 0). */
export const toyMixtureParamSpecs: ParamSpecs<ToyMixtureParams> = {
  nComponents: int({ min: 1, max: 10, description: 'Number of components K.' }),
  variance: real({ exclusiveMin: 0, description: 'Known variance of every component.' }),
  maxIter: int({ min: 1, description: 'Maximum EM iterations per initialisation.' }),
  tol: real({ min: 0, description: 'Stop when the mean log-likelihood changes by less than this.' }),
  nInit: int({ min: 1, description: 'Number of initialisations.' }),
  init: oneOf(['random', 'first-rows'], { description: 'How the initial means are chosen.' }),
};

/** Defaults of `toy/mixture`: two components of unit variance, one random initialisation. */
export const toyMixtureDefaults: ToyMixtureParams = { nComponents: 2, variance: 1, maxIter: 50, tol: 1e-6, nInit: 1, init: 'random' };
