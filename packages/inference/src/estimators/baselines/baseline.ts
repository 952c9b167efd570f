import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A control variate b for the score-function estimator f + stopGradient(f − b)·∇log q. Any b that does not depend
 * on the sample it multiplies keeps the estimator unbiased, since E_q[b·∇log q(z)] = b·∇∫q = 0.
 */
export interface Baseline {
  /**
   * The baseline for the `[n]` samples of latent site `site`, given f (gradient stopped) and the per-sample inputs
   * of a learned baseline; `term` (value 0) carries the gradient that trains the baseline, if it learns.
   */
  apply(
    site: number,
    f: tf.Tensor,
    features: () => tf.Tensor,
    ctx: ViContext,
  ): {
    /** b, a scalar or one value per sample (`[n]`), independent of the samples it multiplies. */
    readonly value: tf.Tensor;
    /** A zero-valued surrogate whose gradient trains a learned baseline; absent for fixed ones. */
    readonly term?: tf.Tensor;
  };
  /** Called before each optimisation step. */
  startStep(): void;
  /** Called after each optimisation step (a moving average updates here). */
  finishStep(): void;
  /** Variables trained with the model's (a learned baseline's network), else none. */
  variables(): tf.Variable[];
  /** Release the baseline's tensors and variables. */
  dispose(): void;
}

/**
 * b = 0: plain REINFORCE.
 * @example
 * ```ts
 * const estimator = new ScoreFunctionEstimator('estimators/my-reinforce', noBaseline());
 * ```
 */
export function noBaseline(): Baseline {
  return { apply: () => ({ value: tf.scalar(0) }), startStep() {}, finishStep() {}, variables: () => [], dispose() {} };
}
