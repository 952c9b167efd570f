import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';

/** Hyperparameters of `example/kmeans` (scikit-learn's `KMeans` names in camelCase). */
export interface KMeansParams {
  /** Number of clusters K. */
  nClusters: number;
  /** Maximum Lloyd iterations per initialisation. */
  maxIter: number;
  /** Stop when the objective (minus the mean squared distance to the nearest centre) changes by less than this. */
  tol: number;
  /** Number of initialisations; the one with the highest final objective is kept. */
  nInit: number;
  /** How the first centres are chosen. */
  init: 'k-means++' | 'random';
}

/** Parameter specs: JSON Schema fragments the registry validates once, and the VS Code form is generated from. */
export const kmeansParamSpecs: ParamSpecs<KMeansParams> = {
  nClusters: int({ min: 1, description: 'Number of clusters K.' }),
  maxIter: int({ min: 1, description: 'Maximum Lloyd iterations per initialisation.' }),
  tol: real({ min: 0, description: 'Stop when the objective changes by less than this.' }),
  nInit: int({ min: 1, description: 'Number of initialisations; the best is kept.' }),
  init: oneOf(['k-means++', 'random'], { description: 'Choice of the first centres.' }),
};

/** Defaults, kept apart from the specs as the registry expects. */
export const kmeansDefaults: KMeansParams = { nClusters: 3, maxIter: 100, tol: 1e-6, nInit: 1, init: 'k-means++' };
