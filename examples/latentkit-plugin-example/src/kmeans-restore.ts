import type { RestoreInput } from '@latentkit/registry';
import { FittedKMeans } from './kmeans-fitted.js';
import type { KMeansParams } from './kmeans-params.js';

/**
 * Rebuild a fitted model from a saved file's state (what `stateJSON` wrote): K centres of D finite numbers, K cluster
 * shares summing to 1 and a variance ≥ 0, checked with the registry's `reader` (one-line errors naming the field).
 * The registry has already checked the envelope and the hyperparameters.
 */
export function restoreKMeans({ params, state, info, reader }: RestoreInput<KMeansParams>): FittedKMeans {
  const { centers, weights, variance } = (state ?? {}) as Record<string, unknown>;
  const k = params.nClusters;
  const d = info.data.nCols;
  const c = reader.matrixRows(centers, k, d, 'state.centers');
  const w = reader.probabilities(weights, k, 'state.weights');
  const v = reader.finite(variance, 'state.variance');
  if (v < 0) reader.fail(`state.variance is ${v}; expected a number >= 0`);
  return new FittedKMeans(params, { centers: Float64Array.from(c), k, d }, info, { weights: w, variance: v });
}
