import { Bernoulli, bernoulliLogProb, normalLogProb, normalRsample, oneHotCategoricalLogProb, oneHotCategoricalSample } from '@latentkit/core';
import type { EstimatorSample, ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { Baseline } from './baselines/baseline.js';
import type { EstimatorInstance } from './estimator-plugin.js';
import { gradientOnly, stopGradient, sumPerSample } from './stop-gradient.js';

/**
 * The score-function (REINFORCE, likelihood-ratio) estimator with a pluggable baseline b:
 * ∇_φ E_q[f] = E_q[∇_φ f + (f − b)·∇_φ log q_φ(z)], with z drawn without gradient. The surrogate is
 * f + stopGradient(f − b)·(log q(z) − stopGradient(log q(z))) (+ the baseline's zero-valued training term), whose
 * value is f. Latent sites are numbered by call order within a step (see {@link EstimatorInstance.startStep}).
 *
 * References: R. J. Williams, "Simple statistical gradient-following algorithms for connectionist reinforcement
 * learning", Machine Learning 8, 1992; J. Paisley, D. Blei and M. Jordan, "Variational Bayesian inference with
 * stochastic search", ICML 2012; R. Ranganath, S. Gerrish and D. Blei, "Black box variational inference", AISTATS 2014.
 *
 * @example
 * ```ts
 * const estimator = new ScoreFunctionEstimator('estimators/my-reinforce', noBaseline());
 * ```
 */
export class ScoreFunctionEstimator implements EstimatorInstance {
  /** The estimator's registry key, e.g. `estimators/score-function`. */
  readonly key: string;
  readonly pathwise = false;
  private readonly baseline: Baseline;
  private site = 0;

  /** An estimator registered as `key` that subtracts `baseline` from f. Throws nothing. */
  constructor(key: string, baseline: Baseline) {
    this.key = key;
    this.baseline = baseline;
  }

  gaussian(loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext): EstimatorSample {
    const z = stopGradient(normalRsample(loc, logScale, ctx.rng));
    return this.sample(z, sumPerSample(normalLogProb(z, loc, logScale)), () => tf.concat([loc, logScale], -1), ctx);
  }

  bernoulli(logits: tf.Tensor, ctx: ViContext): EstimatorSample {
    const z = new Bernoulli({ logits }).sample(ctx.rng);
    return this.sample(z, sumPerSample(bernoulliLogProb(z, logits)), () => logits, ctx);
  }

  categorical(logits: tf.Tensor, ctx: ViContext): EstimatorSample {
    const z = oneHotCategoricalSample(logits, ctx.rng);
    return this.sample(z, sumPerSample(oneHotCategoricalLogProb(z, logits)), () => logits, ctx);
  }

  startStep(): void {
    this.site = 0;
    this.baseline.startStep();
  }

  finishStep(): void {
    this.baseline.finishStep();
  }

  variables(): tf.Variable[] {
    return this.baseline.variables();
  }

  dispose(): void {
    this.baseline.dispose();
  }

  private sample(z: tf.Tensor, logq: tf.Tensor, features: () => tf.Tensor, ctx: ViContext): EstimatorSample {
    const site = this.site++;
    const n = logq.shape[0];
    return {
      z,
      surrogate: (f: tf.Tensor) => {
        if (f.rank !== 1 || f.shape[0] !== n) throw new Error(`${this.key}: surrogate(f) needs one value per sample, shape [${n}], got [${f.shape}]`);
        const fixed = stopGradient(f);
        const { value: b, term } = this.baseline.apply(site, fixed, features, ctx);
        const score = tf.add(f, tf.mul(stopGradient(tf.sub(fixed, b)), gradientOnly(logq)));
        return term ? tf.add(score, term) : score;
      },
    };
  }
}
