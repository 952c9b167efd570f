import { API_VERSION, defineModel, type ModelInstance } from '@latentkit/registry';
import { FittedKMeans, spreadOf } from './kmeans-fitted.js';
import { kmeansDefaults, kmeansParamSpecs, type KMeansParams } from './kmeans-params.js';
import { kmeansMiniBatchTerms } from './kmeans-minibatch.js';
import { restoreKMeans } from './kmeans-restore.js';
import { kmeansTerms, type KMeansState } from './kmeans-terms.js';
import { meta } from './meta.js';

function createKMeans(params: KMeansParams): ModelInstance<KMeansParams, KMeansState> {
  return {
    params,
    restarts: params.nInit,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: { em: kmeansTerms(params), minibatch: kmeansMiniBatchTerms(params) },
    // `info` is the fit's bookkeeping, recorded by the registry; the model adds what it measures on the data.
    fitted: (result, data, info) => new FittedKMeans(params, result.state, info, spreadOf(result.state, data)),
  };
}

/**
 * k-means clustering as a latentkit model plugin (`example/kmeans`), fitted by the shared `inference/em` engine.
 *
 * Objective: maximise L(C) = −(1/N) Σ_i min_k ‖x_i − c_k‖² over the centres C = (c_1, …, c_K) (minus the inertia per
 * sample). Lloyd's algorithm alternates hard assignments (the E-step) and centre updates c_k = mean of its rows (the
 * M-step); L never decreases. Restarts (`nInit`) keep the run with the highest final L, as scikit-learn's `n_init`.
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(em, kmeans);
 * const fitted = await registry.create('example/kmeans', { nClusters: 3 }).fit(data, { seed: 0 });
 * fitted.transform(data); // one-hot cluster memberships, N × 3 (fitted.latentDim = 3)
 * fitted.views(); // the centres as a heatmap
 * const again = registry.load(JSON.parse(JSON.stringify(fitted))); // through restore
 * ```
 *
 * References: Lloyd (1982), "Least squares quantization in PCM"; Arthur & Vassilvitskii (2007), "k-means++: the
 * advantages of careful seeding"; scikit-learn `KMeans` (parameter names).
 */
export const kmeans = defineModel<KMeansParams, KMeansState>({
  meta: {
    ...meta,
    id: 'kmeans',
    namespace: 'example',
    apiVersion: API_VERSION,
    description: 'k-means clustering (Lloyd) fitted by inference/em — an example third-party plugin',
  },
  params: kmeansParamSpecs,
  defaults: kmeansDefaults,
  data: { kind: 'dense', allowsMissing: false, minRows: 1 },
  supports: ['inference/em', 'example/minibatch'],
  create: createKMeans,
  restore: restoreKMeans,
});

export default kmeans;
