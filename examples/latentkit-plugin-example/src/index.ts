import { blobs } from './blobs-dataset.js';
import { kmeans } from './kmeans.js';
import { miniBatch } from './minibatch-engine.js';

export { kmeans } from './kmeans.js';
export { FittedKMeans } from './kmeans-fitted.js';
export { kmeansDefaults, kmeansParamSpecs, type KMeansParams } from './kmeans-params.js';
export { KMEANS_KEY, type KMeansState } from './kmeans-terms.js';
export { kmeansMiniBatchTerms } from './kmeans-minibatch.js';
export { miniBatch, type MiniBatchParams } from './minibatch-engine.js';
export type { MiniBatchTerms } from './minibatch-terms.js';
export { blobs, makeBlobs, type BlobsOptions } from './blobs-dataset.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'example/kmeans': import('./kmeans-params.js').KMeansParams;
  }
}

/** Every plugin of this package: a model, an engine with its own terms, and a dataset with options. */
export const plugins = [kmeans, miniBatch, blobs] as const;

/** The preset `{ plugins }` is the default export: list this package in `latentkit.plugins` (VS Code) or pass it to `--plugin` (CLI). */
const preset: { readonly plugins: typeof plugins } = { plugins };

export default preset;
