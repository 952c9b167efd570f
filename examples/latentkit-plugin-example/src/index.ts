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

/** Every plugin of this package: `example/kmeans`. */
export const plugins = [kmeans] as const;

/** The preset `{ plugins }` is the default export: list this package in `latentkit.plugins` (VS Code) or pass it to `--plugin` (CLI). */
const preset: { readonly plugins: typeof plugins } = { plugins };

export default preset;
