import type { RestoreInput } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { ToyMixtureFitted } from './toy-mixture-fitted.js';
import type { ToyMixtureParams } from './toy-mixture-params.js';

/** Rebuild a fitted `toy/mixture` from its saved state: K means of D finite numbers and K finite log-weights. */
export function restoreToyMixture({ params, state, info, reader }: RestoreInput<ToyMixtureParams>): ToyMixtureFitted {
  const { means, logWeights } = (state ?? {}) as { means?: unknown; logWeights?: unknown };
  const k = params.nComponents;
  const d = info.data.nCols;
  const m = reader.matrixRows(means, k, d, 'state.means');
  const w = reader.numbers(logWeights, k, 'state.logWeights');
  return new ToyMixtureFitted(params, { means: tf.tensor2d(m, [k, d]), logWeights: tf.tensor1d(w) }, info);
}
