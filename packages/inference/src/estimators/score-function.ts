import { int, oneOf, real, type ParamSpecs } from '@latentkit/registry';
import { noBaseline, type Baseline } from './baselines/baseline.js';
import { LearnedBaseline } from './baselines/learned-baseline.js';
import { leaveOneOutBaseline } from './baselines/leave-one-out-baseline.js';
import { MovingAverageBaseline } from './baselines/moving-average-baseline.js';
import { builtinEstimator } from './estimator-plugin.js';
import { ScoreFunctionEstimator } from './score-function-estimator.js';

/** Parameters of `estimators/score-function`: its baseline. */
export interface ScoreFunctionParams {
  /** Baseline b subtracted from f: `none` (b = 0), `moving-average` (default) or `learned` (moving average plus NVIL network). */
  readonly baseline: 'none' | 'moving-average' | 'learned';
  /** Decay d of the moving average b ← d·b + (1 − d)·mean f. */
  readonly baselineDecay: number;
  /** Hidden units of the learned baseline's network. */
  readonly baselineHiddenUnits: number;
}

const scoreFunctionParamSpecs: ParamSpecs<ScoreFunctionParams> = {
  baseline: oneOf(['none', 'moving-average', 'learned'], {
    description: 'Baseline b subtracted from f: none, a moving average of f per latent site, or that plus a learned network (NVIL).',
  }),
  baselineDecay: real({ min: 0, exclusiveMax: 1, description: 'Decay of the moving-average baseline.' }),
  baselineHiddenUnits: int({ min: 1, description: 'Hidden units of the learned baseline network.' }),
};

function scoreBaseline(p: ScoreFunctionParams): Baseline {
  if (p.baseline === 'none') return noBaseline();
  if (p.baseline === 'learned') return new LearnedBaseline(p.baselineHiddenUnits, p.baselineDecay);
  return new MovingAverageBaseline(p.baselineDecay);
}

/**
 * The score-function (REINFORCE) estimator `estimators/score-function`, for Gaussian, Bernoulli and categorical
 * latents: ∇_φ E_q[f] = E_q[∇_φ f + (f − b)·∇_φ log q_φ(z)], unbiased for any baseline b that does not depend on z.
 * Parameter `baseline`: `'none'` (b = 0), `'moving-average'` (default; b = bias-corrected moving average of mean f per
 * latent site, decay `baselineDecay` = 0.9) or `'learned'` (NVIL: the moving average plus a small network of the
 * site's variational parameters, trained by minimising (f − b)², `baselineHiddenUnits` = 16).
 * It needs no differentiable f in z, at the price of a much higher variance than reparameterisation.
 *
 * References: R. J. Williams, Machine Learning 8, 1992; R. Ranganath, S. Gerrish and D. Blei, "Black box variational
 * inference", AISTATS 2014; A. Mnih and K. Gregor, "Neural variational inference and learning in belief networks",
 * ICML 2014.
 *
 * @example
 * ```ts
 * const estimator = scoreFunction.create({ baseline: 'learned' });
 * const sample = estimator.bernoulli(logits, ctx);  // z: hard 0/1 draws
 * const loss = tf.neg(tf.mean(sample.surrogate(logJoint(sample.z))));
 * ```
 */
export const scoreFunction = builtinEstimator({
  id: 'score-function',
  description: 'Score-function (REINFORCE) gradients with a moving-average, learned or no baseline',
  supports: ['gaussian', 'bernoulli', 'categorical'],
  pathwise: false,
  unbiased: true,
  minParticles: 1,
  params: scoreFunctionParamSpecs,
  defaults: { baseline: 'moving-average', baselineDecay: 0.9, baselineHiddenUnits: 16 },
  create: (params?: Partial<ScoreFunctionParams>) =>
    new ScoreFunctionEstimator('estimators/score-function', scoreBaseline({ ...scoreFunction.defaults, ...params } as ScoreFunctionParams)),
});

/**
 * The leave-one-out multi-sample estimator `estimators/leave-one-out` (REINFORCE leave-one-out, RLOO): the score
 * function with S ≥ 2 particles per row where the baseline of particle s is the mean of f over the other S − 1
 * particles of the same row, b_s = (1/(S − 1))·Σ_{s′≠s} f_{s′}. Unbiased, with no baseline state to learn.
 * The model must lay its particles out particle-major (see `EstimatorSample`).
 *
 * References: W. Kool, H. van Hoof and M. Welling, "Buy 4 REINFORCE samples, get a baseline for free!", ICLR
 * workshop 2019; A. Mnih and D. J. Rezende, "Variational inference for Monte Carlo objectives", ICML 2016.
 *
 * @example
 * ```ts
 * // engineParams of inference/vi: { estimator: 'estimators/leave-one-out', nParticles: 4, ... }
 * const sample = ctx.estimator.categorical!(repeatRows(logits, ctx.nParticles), ctx);
 * ```
 */
export const leaveOneOut = builtinEstimator({
  id: 'leave-one-out',
  description: 'Score-function gradients with the leave-one-out baseline of several particles',
  supports: ['gaussian', 'bernoulli', 'categorical'],
  pathwise: false,
  unbiased: true,
  minParticles: 2,
  create: () => new ScoreFunctionEstimator('estimators/leave-one-out', leaveOneOutBaseline('estimators/leave-one-out')),
});
