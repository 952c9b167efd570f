import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { Baseline } from './baseline.js';

/**
 * Per latent site, an exponential moving average of the mean of f over the steps so far:
 * a_t = d·a_{t−1} + (1 − d)·mean f_t, with the bias correction b = a_t / (1 − d^t) (b = 0 before the first step).
 * b at step t uses only f from earlier steps, so it is independent of step t's samples and adds no bias.
 * The means are kept (`tf.keep`) during the step and read in {@link Baseline.finishStep}, outside the tape.
 *
 * @example
 * ```ts
 * const estimator = new ScoreFunctionEstimator('estimators/my-reinforce', new MovingAverageBaseline(0.95));
 * ```
 */
export class MovingAverageBaseline implements Baseline {
  private readonly decay: number;
  private readonly averages = new Map<number, { raw: number; count: number }>();
  private pending: { site: number; mean: tf.Tensor }[] = [];

  /** A baseline of decay d = `decay` (default 0.9). Throws a one-line error naming `baselineDecay` unless d ∈ [0, 1). */
  constructor(decay = 0.9) {
    if (!(decay >= 0 && decay < 1)) throw new Error(`baselineDecay must be in [0, 1), got ${decay}`);
    this.decay = decay;
  }

  /** The current baseline of `site` as a number (0 before any step). */
  current(site: number): number {
    const a = this.averages.get(site);
    return a && a.count > 0 ? a.raw / (1 - this.decay ** a.count) : 0;
  }

  apply(
    site: number,
    f: tf.Tensor,
    _features: () => tf.Tensor,
    _ctx: ViContext,
  ): {
    /** The scalar b = a_t / (1 − d^t) of the steps before this one (0 before the first). */
    value: tf.Tensor;
  } {
    this.pending.push({ site, mean: tf.keep(tf.mean(f)) });
    return { value: tf.scalar(this.current(site)) };
  }

  startStep(): void {
    this.dropPending();
  }

  finishStep(): void {
    for (const { site, mean } of this.pending) {
      const m = mean.dataSync()[0];
      const a = this.averages.get(site) ?? { raw: 0, count: 0 };
      this.averages.set(site, { raw: this.decay * a.raw + (1 - this.decay) * m, count: a.count + 1 });
    }
    this.dropPending();
  }

  variables(): tf.Variable[] {
    return [];
  }

  dispose(): void {
    this.dropPending();
  }

  private dropPending(): void {
    for (const p of this.pending) p.mean.dispose();
    this.pending = [];
  }
}
