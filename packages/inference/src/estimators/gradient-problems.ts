import type { LatentKind } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A one-site problem with a closed-form gradient g = ∇_θ E_{q_θ}[f(z)], for checking that a gradient estimator is
 * unbiased: the mean of many estimates must come within a few standard errors of `gradient` in every component.
 */
export interface GradientProblem {
  /** One line naming f and the constants, for test titles and failure messages. */
  readonly name: string;
  /** The latent type of the site: Gaussian, Bernoulli or categorical. */
  readonly latent: LatentKind;
  /** θ: [μ₁…μ_d, log σ₁…log σ_d] (Gaussian), one logit per dimension (Bernoulli) or the logits (categorical). */
  readonly theta: readonly number[];
  /** A label per component of θ, e.g. `∂/∂μ₁`. */
  readonly components: readonly string[];
  /** f per sample: z is [n, d] (one-hot rows for categorical), the result [n]. */
  f(z: tf.Tensor): tf.Tensor;
  /** The exact ∇_θ E_q[f], per component of θ. */
  readonly gradient: readonly number[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (l: readonly number[]) => {
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/**
 * The constants of {@link GRADIENT_PROBLEMS}, for checks that need other expectations on the same problems (e.g. the
 * straight-through or Concrete estimators' own means): the Gaussian's μ and σ, the Bernoulli logits ℓ and weights b
 * (with p = σ(ℓ)), the categorical logits and weights a (with π = softmax(logits)).
 */
export const GRADIENT_PROBLEM_CONSTANTS = (() => {
  const mu = [0.5, -0.3];
  const sigma = [0.8, 1.2];
  const ells = [0.4, -0.7];
  const b = [1.5, 2];
  const logits = [0.2, -0.4, 0.5];
  const a = [1, 2, -1];
  return {
    /** μ of the Gaussian problem (2). */
    mu,
    /** σ of the Gaussian problem (2). */
    sigma,
    /** Logits ℓ of the Bernoulli problem (2). */
    ells,
    /** Weights b of the Bernoulli problem, f(z) = (z·b − 2)² (2). */
    b,
    /** p = σ(ℓ), the Bernoulli probabilities (2). */
    p: ells.map(sigmoid),
    /** Logits of the categorical problem (3). */
    logits,
    /** Weights a of the categorical problem, f(z) = (z·a − 2)² (3). */
    a,
    /** π = softmax(logits), the categorical probabilities (3). */
    pi: softmax(logits),
  } as const;
})();

const { mu: MU, sigma: SIGMA, ells: ELLS, b: B, p: PS, logits: LOGITS, a: A, pi: PI } = GRADIENT_PROBLEM_CONSTANTS;
const G = A.map((a) => (a - 2) ** 2);
const PI_G = PI.reduce((s, p, k) => s + p * G[k], 0);

/** ∇_ℓj E f = Σ_z f(z) q(z)(z_j − p_j) over the four states of two independent Bernoulli variables. */
const bernoulliGradient = ELLS.map((_, j) => {
  let g = 0;
  for (const z of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ]) {
    const q = z.reduce((m, zd, d) => m * (zd ? PS[d] : 1 - PS[d]), 1);
    g += (z[0] * B[0] + z[1] * B[1] - 2) ** 2 * q * (z[j] - PS[j]);
  }
  return g;
});

/**
 * One problem per latent type, used by the unbiasedness tests of `@latentkit/inference` and by
 * `checkEstimatorUnbiased` of `@latentkit/testing`; two of them have two coupled dimensions, so that every
 * parameter's gradient is distinct:
 * Gaussian f(z) = (z₁ − 2)² + (z₂ + 1)² + z₁z₂, E f = (μ₁ − 2)² + σ₁² + (μ₂ + 1)² + σ₂² + μ₁μ₂, so
 * ∇_μ₁ = 2(μ₁ − 2) + μ₂, ∇_μ₂ = 2(μ₂ + 1) + μ₁ and ∇_{log σ_d} = 2σ_d² (θ = [μ₁, μ₂, log σ₁, log σ₂]);
 * Bernoulli f(z) = (z·b − 2)², b = (1.5, 2), ∇_ℓj = Σ_z f(z) q(z)(z_j − p_j) by enumeration;
 * categorical (K = 3) f(z) = (z·a − 2)², E = Σ π_k g_k with g_k = (a_k − 2)², so ∇_ℓj = π_j(g_j − Σ π g).
 */
export const GRADIENT_PROBLEMS: Readonly<Record<LatentKind, GradientProblem>> = {
  gaussian: {
    name: 'Gaussian problem f(z) = (z₁ − 2)² + (z₂ + 1)² + z₁z₂, μ = (0.5, −0.3), σ = (0.8, 1.2)',
    latent: 'gaussian',
    theta: [...MU, ...SIGMA.map(Math.log)],
    components: ['∂/∂μ₁', '∂/∂μ₂', '∂/∂log σ₁', '∂/∂log σ₂'],
    // z₁z₂ as a product of slices: tf.prod has no working gradient in tfjs-core 4.22.
    f: (z) => tf.add(tf.sum(tf.square(tf.sub(z, tf.tensor1d([2, -1]))), 1), tf.sum(tf.mul(tf.slice(z, [0, 0], [-1, 1]), tf.slice(z, [0, 1], [-1, 1])), 1)),
    gradient: [2 * (MU[0] - 2) + MU[1], 2 * (MU[1] + 1) + MU[0], 2 * SIGMA[0] ** 2, 2 * SIGMA[1] ** 2],
  },
  bernoulli: {
    name: 'Bernoulli problem f(z) = (z·b − 2)², b = (1.5, 2), logits (0.4, −0.7)',
    latent: 'bernoulli',
    theta: ELLS,
    components: ['∂/∂ℓ₁', '∂/∂ℓ₂'],
    f: (z) => tf.square(tf.sub(tf.sum(tf.mul(z, tf.tensor1d(B)), 1), 2)),
    gradient: bernoulliGradient,
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
