import { kmeans } from './kmeans.js';

export { kmeans } from './kmeans.js';
export { FittedKMeans } from './kmeans-fitted.js';
export { kmeansDefaults, kmeansParamSpecs, type KMeansParams } from './kmeans-params.js';
export { KMEANS_KEY, type KMeansState } from './kmeans-terms.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'example/kmeans': import('./kmeans-params.js').KMeansParams;
  }
}

/** The plugin is the default export: list this package in `latentkit.plugins` (VS Code) or pass it to `--plugin` (CLI). */
export default kmeans;
