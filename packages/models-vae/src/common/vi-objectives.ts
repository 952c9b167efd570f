import type * as tf from '@tensorflow/tfjs-core';

/**
 * Per-task surrogate losses of a minibatch for the multi-objective and constrained schemes of `inference/vi`: the
 * shape of the registry's `ViObjectives` (contract/terms/vi.ts), written here until that contract lands so that the
 * models of this package can return it; after the merge this becomes a re-export of the registry's type.
 */
export interface ViObjectives {
  /** Losses to minimise, each a mean over its task's rows of the batch (0 when the batch has none). */
  readonly tasks: readonly { readonly name: string; readonly loss: tf.Scalar }[];
  /** The constraint value R (a mean), kept ≤ ε by the constrained scheme. */
  readonly constraint?: tf.Scalar;
  /** The ELBO estimate (mean per row, nats, KL weight 1). */
  readonly elbo: tf.Scalar;
}
