import { createRng } from '@latentkit/core';
import { adam, GRADIENT_PROBLEMS, type GradientProblem } from '@latentkit/inference';
import { pluginKey, type EstimatorInstance, type EstimatorPlugin } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { createInstance, contextFor, particlesFor, sampleSite, type EstimatorPluginFixtures } from './estimator-fixtures.js';

export { GRADIENT_PROBLEMS, type GradientProblem };

/** Mean and standard deviation of R independent gradient estimates, per component. */
export interface GradientEstimates {
  /** Mean of the R estimates, one entry per component of θ: ḡⱼ = Σᵣ gᵣⱼ / R. */
  readonly mean: number[];
  /** Sample standard deviation of the R estimates per component, √(Σᵣ (gᵣⱼ − ḡⱼ)² / (R − 1)); the standard error is sd/√R. */
  readonly sd: number[];
  /** R, the number of estimates counted (warm-up steps excluded); 0 before any round. */
  readonly count: number;
}

/**
 * R estimates of ∇_θ E_q[f] by `instance`: each step samples `replicates` copies of θ, each with S particles
 * (particle-major), and the estimate of a copy is the gradient of −(1/S)Σ_s surrogate(f)_s, negated. The estimator's
 * own variables are trained by Adam (step size 0.05) at every step, as in the VI engine; the first `warmup` steps are
 * not counted (their only role is to let a baseline settle, which lowers the variance). It runs rounds of `steps`
 * steps, at most `rounds` (default 1), and stops after a round once `enough(estimates)` holds; stopping on the
 * standard errors, not on the mean, leaves a test of the mean valid.
 */
export function estimateGradient(
  instance: EstimatorInstance,
  problem: GradientProblem,
  opts: {
    particles: number;
    seed: number;
    steps: number;
    replicates: number;
    warmup: number;
    temperature?: number;
    rounds?: number;
    enough?: (estimates: GradientEstimates) => boolean;
  },
): GradientEstimates {
  const rng = createRng(opts.seed);
  const p = problem.theta.length;
  const theta = tf.tidy(() => tf.variable(tf.tile(tf.tensor2d([problem.theta as number[]]), [opts.replicates, 1])));
  const optimizer = adam();
  const sums = new Float64Array(p);
  const squares = new Float64Array(p);
  let estimates: GradientEstimates = { mean: [], sd: [], count: 0 };
  try {
    for (let step = 0; step < opts.warmup + (opts.rounds ?? 1) * opts.steps; step++) {
      const ctx = contextFor(instance, rng.fork(), opts.particles, step, opts.temperature);
      const own = instance.variables();
      instance.startStep();
      const grad = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const sample = sampleSite(instance, problem.latent, tf.tile(theta, [opts.particles, 1]) as tf.Tensor2D, ctx);
          return tf.div(tf.neg(tf.sum(sample.surrogate(problem.f(sample.z)))), opts.particles) as tf.Scalar;
        }, [theta, ...own]);
        optimizer.apply(own, grads, 0.05);
        return tf.neg(grads[theta.name]!);
      });
      instance.finishStep();
      if (step >= opts.warmup) {
        const g = grad.dataSync();
        for (let r = 0; r < opts.replicates; r++)
          for (let j = 0; j < p; j++) {
            sums[j] += g[r * p + j];
            squares[j] += g[r * p + j] ** 2;
          }
      }
      grad.dispose();
      const done = step - opts.warmup + 1;
      if (done > 0 && done % opts.steps === 0) {
        const count = done * opts.replicates;
        const mean = Array.from(sums, (s) => s / count);
        const sd = mean.map((m, j) => Math.sqrt(Math.max(0, squares[j] - count * m * m) / (count - 1)));
        estimates = { mean, sd, count };
        if (!opts.enough || opts.enough(estimates)) break;
      }
    }
  } finally {
    optimizer.dispose();
    theta.dispose();
  }
  return estimates;
}

/** Standard errors allowed between the mean estimate and the exact gradient. */
export const UNBIASED_SIGMA_LIMIT = 4;

/** The bias, relative to |∇_θj|, that the check must resolve at 2·{@link UNBIASED_SIGMA_LIMIT} standard errors. */
export const UNBIASED_RESOLUTION = 0.1;

/** Rounds of 20,000 estimates the check may draw at most (R ≤ 900,000). */
const MAX_ROUNDS = 45;

/** The bias of component j that R estimates resolve: 2·limit·SE_j/|g_j|. */
const resolution = (est: GradientEstimates, gradient: readonly number[], j: number) =>
  (2 * UNBIASED_SIGMA_LIMIT * est.sd[j]) / Math.sqrt(est.count) / Math.abs(gradient[j]);

/**
 * For an estimator declared `unbiased`, on the problem of each latent type it supports ({@link GRADIENT_PROBLEMS}):
 * rounds of 20,000 seeded estimates (10 steps × 2000 replicates after 20 warm-up steps, S = `fixtures.particles`
 * or its minimum particles) until 8 standard errors are at most 10% of |g_j| in every component j (at most 900,000
 * estimates); then the mean must be within 4 standard errors (4·sd/√R) of the exact gradient in every component.
 * A bias of 10% in any one parameter's gradient is then ≥ 8 standard errors and fails with probability > 1 − 3e-5;
 * a correct estimator fails a component with probability 6e-5 (two-sided normal tail), and the draws are seeded, so
 * a failure repeats. An estimator too noisy to resolve 10% within 900,000 estimates fails with the resolution it
 * reached (raise `fixtures.particles` or use a baseline). Estimators declared biased pass without a test.
 */
export async function checkEstimatorUnbiased(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): Promise<void> {
  if (!plugin.unbiased) return;
  const key = pluginKey(plugin);
  const failures: string[] = [];
  const noisy: string[] = [];
  for (const latent of plugin.supports) {
    const problem = GRADIENT_PROBLEMS[latent];
    const instance = createInstance(plugin, fixtures);
    const resolved = (e: GradientEstimates) => problem.gradient.every((_, j) => resolution(e, problem.gradient, j) <= UNBIASED_RESOLUTION);
    let est: GradientEstimates;
    try {
      est = estimateGradient(instance, problem, {
        particles: fixtures.particles ?? particlesFor(plugin),
        seed: fixtures.seed ?? 1234,
        steps: 10,
        replicates: 2000,
        warmup: 20,
        temperature: fixtures.temperature,
        rounds: MAX_ROUNDS,
        enough: resolved,
      });
    } finally {
      instance.dispose();
    }
    problem.gradient.forEach((g, j) => {
      const se = est.sd[j] / Math.sqrt(est.count);
      const diff = Math.abs(est.mean[j] - g);
      if (!(diff < UNBIASED_SIGMA_LIMIT * se))
        failures.push(
          `${problem.name}, ${problem.components[j]}: mean ${est.mean[j].toPrecision(5)} vs exact ${g.toPrecision(5)}, |diff| ${diff.toPrecision(3)} >= ${UNBIASED_SIGMA_LIMIT} standard errors (${(UNBIASED_SIGMA_LIMIT * se).toPrecision(3)})`,
        );
      else if (resolution(est, problem.gradient, j) > UNBIASED_RESOLUTION)
        noisy.push(
          `${problem.name}, ${problem.components[j]}: too noisy to check: ${est.count} estimates resolve a bias of ${(100 * resolution(est, problem.gradient, j)).toFixed(0)}% of the gradient, not ${100 * UNBIASED_RESOLUTION}% (raise fixtures.particles or use a baseline)`,
        );
    });
  }
  if (failures.length) throw new Error(`${key} is declared unbiased, but its mean gradient is off: ${[...failures, ...noisy].join('; ')}`);
  if (noisy.length) throw new Error(`${key} is declared unbiased, but the check cannot tell: ${noisy.join('; ')}`);
}
