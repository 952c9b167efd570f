import { createRng } from '@latentkit/core';
import { adam } from '@latentkit/inference';
import { pluginKey, type EstimatorInstance, type EstimatorPlugin, type LatentKind } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { createInstance, contextFor, particlesFor, sampleSite, type EstimatorPluginFixtures } from './estimator-fixtures.js';

/** A one-site problem with a closed-form gradient ∇_θ E_{q_θ}[f(z)]. */
export interface GradientProblem {
  readonly name: string;
  readonly latent: LatentKind;
  /** θ: [μ, log σ] (Gaussian), [ℓ] (Bernoulli) or the logits (categorical). */
  readonly theta: readonly number[];
  readonly components: readonly string[];
  /** f per sample, [n]. */
  f(z: tf.Tensor): tf.Tensor;
  readonly gradient: readonly number[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const MU = 0.5;
const SIGMA = 0.8;
const ELL = 0.4;
const P = sigmoid(ELL);
const LOGITS = [0.2, -0.4, 0.5];
const A = [1, 2, -1];
const PI = LOGITS.map((l) => Math.exp(l) / LOGITS.reduce((s, m) => s + Math.exp(m), 0));
const G = A.map((a) => (a - 2) ** 2);
const PI_G = PI.reduce((s, p, k) => s + p * G[k], 0);

/**
 * The problems of the unbiasedness check, one per latent type (those of `unbiasedness.test.ts` in `@latentkit/inference`):
 * Gaussian f(z) = (z − 2)², E = (μ − 2)² + σ², so ∇_μ = 2(μ − 2) and ∇_{log σ} = 2σ²;
 * Bernoulli f(z) = (z − 2)², E = 4 − 3p, so ∇_ℓ = −3p(1 − p);
 * categorical (K = 3) f(z) = (z·a − 2)², E = Σ π_k g_k with g_k = (a_k − 2)², so ∇_ℓj = π_j(g_j − Σ π g).
 */
export const GRADIENT_PROBLEMS: Readonly<Record<LatentKind, GradientProblem>> = {
  gaussian: {
    name: 'Gaussian problem f(z) = (z − 2)², μ = 0.5, σ = 0.8',
    latent: 'gaussian',
    theta: [MU, Math.log(SIGMA)],
    components: ['∂/∂μ', '∂/∂log σ'],
    f: (z) => tf.sum(tf.square(tf.sub(z, 2)), 1),
    gradient: [2 * (MU - 2), 2 * SIGMA * SIGMA],
  },
  bernoulli: {
    name: 'Bernoulli problem f(z) = (z − 2)², logit 0.4',
    latent: 'bernoulli',
    theta: [ELL],
    components: ['∂/∂ℓ'],
    f: (z) => tf.sum(tf.square(tf.sub(z, 2)), 1),
    gradient: [-3 * P * (1 - P)],
  },
  categorical: {
    name: 'categorical problem f(z) = (z·a − 2)², a = (1, 2, −1), logits (0.2, −0.4, 0.5)',
    latent: 'categorical',
    theta: LOGITS,
    components: ['∂/∂ℓ₁', '∂/∂ℓ₂', '∂/∂ℓ₃'],
    f: (z) => tf.square(tf.sub(tf.sum(tf.mul(z, tf.tensor1d(A)), 1), 2)),
    gradient: PI.map((p, j) => p * (G[j] - PI_G)),
  },
};

/** Mean and standard deviation of R independent gradient estimates, per component. */
export interface GradientEstimates {
  readonly mean: number[];
  readonly sd: number[];
  readonly count: number;
}

/**
 * R = steps × replicates estimates of ∇_θ E_q[f] by `instance`: each step samples `replicates` copies of θ, each with
 * S particles (particle-major), and the estimate of a copy is the gradient of −(1/S)Σ_s surrogate(f)_s, negated.
 * The estimator's own variables are trained by Adam (step size 0.05) at every step, as in the VI engine; the first
 * `warmup` steps are not counted (their only role is to let a baseline settle, which lowers the variance).
 */
export function estimateGradient(
  instance: EstimatorInstance,
  problem: GradientProblem,
  opts: { particles: number; seed: number; steps: number; replicates: number; warmup: number; temperature?: number },
): GradientEstimates {
  const rng = createRng(opts.seed);
  const p = problem.theta.length;
  const theta = tf.tidy(() => tf.variable(tf.tile(tf.tensor2d([problem.theta as number[]]), [opts.replicates, 1])));
  const optimizer = adam();
  const sums = new Float64Array(p);
  const squares = new Float64Array(p);
  try {
    for (let step = 0; step < opts.warmup + opts.steps; step++) {
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
    }
  } finally {
    optimizer.dispose();
    theta.dispose();
  }
  const count = opts.steps * opts.replicates;
  const mean = Array.from(sums, (s) => s / count);
  const sd = mean.map((m, j) => Math.sqrt(Math.max(0, squares[j] - count * m * m) / (count - 1)));
  return { mean, sd, count };
}

/** Standard errors allowed between the mean estimate and the exact gradient. */
export const UNBIASED_SIGMA_LIMIT = 4;

/**
 * For an estimator declared `unbiased`, on the problem of each latent type it supports ({@link GRADIENT_PROBLEMS}):
 * R = 20000 estimates (10 steps × 2000 replicates after 20 warm-up steps, S = its minimum particles, seeded) whose
 * mean is within 4 standard errors (4·sd/√R) of the exact gradient in every component. For a correct estimator a
 * component fails with probability 6e-5 (two-sided normal tail), and the draws are seeded, so a failure repeats.
 * Estimators declared biased pass without a test.
 */
export async function checkEstimatorUnbiased(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): Promise<void> {
  if (!plugin.unbiased) return;
  const key = pluginKey(plugin);
  const failures: string[] = [];
  for (const latent of plugin.supports) {
    const problem = GRADIENT_PROBLEMS[latent];
    const instance = createInstance(plugin, fixtures);
    let est: GradientEstimates;
    try {
      est = estimateGradient(instance, problem, {
        particles: particlesFor(plugin),
        seed: fixtures.seed ?? 1234,
        steps: 10,
        replicates: 2000,
        warmup: 20,
        temperature: fixtures.temperature,
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
    });
  }
  if (failures.length) throw new Error(`${key} is declared unbiased, but its mean gradient is off: ${failures.join('; ')}`);
}
