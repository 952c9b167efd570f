import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { Baseline } from './baseline.js';

/**
 * The leave-one-out baseline of S particles per row: for particle s, b_s = (1/(S − 1))·Σ_{s′≠s} f_{s′} (Kool et al.
 * 2019, "Buy 4 REINFORCE samples, get a baseline for free!"; the multi-sample baseline of Mnih & Rezende 2016).
 * The samples of one row are independent, so b_s does not depend on sample s and adds no bias.
 * f must be laid out particle-major: n = S × rows, particle s of row r at index s·rows + r.
 *
 * @example
 * ```ts
 * const estimator = new ScoreFunctionEstimator('estimators/leave-one-out', leaveOneOutBaseline('estimators/leave-one-out'));
 * ```
 */
export function leaveOneOutBaseline(key: string): Baseline {
  return {
    apply(_site: number, f: tf.Tensor, _features: () => tf.Tensor, ctx: ViContext) {
      const s = ctx.nParticles;
      const n = f.shape[0];
      if (!(s >= 2)) throw new Error(`${key} needs nParticles >= 2 (the baseline of each sample is the mean of the others), got ${s}`);
      if (f.rank !== 1 || n % s !== 0) {
        throw new Error(`${key}: f must have one value per sample ([nParticles × rows]), got shape [${f.shape}] with nParticles = ${s}`);
      }
      const byParticle = tf.reshape(f, [s, n / s]);
      const others = tf.div(tf.sub(tf.sum(byParticle, 0, true), byParticle), s - 1);
      return { value: tf.reshape(others, [n]) };
    },
    startStep() {},
    finishStep() {},
    variables: () => [],
    dispose() {},
  };
}
