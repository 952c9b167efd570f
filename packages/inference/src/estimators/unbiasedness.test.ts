import { createRng, initBackend, type Rng } from '@latentkit/core';
import type { LatentKind, ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adam } from '../vi/optimizer.js';
import type { EstimatorInstance } from './estimator-plugin.js';
import { createEstimator } from './estimator-plugins.js';

// Each check draws R = STEPS × REPLICATES independent gradient estimates ĝ (one per replicate row, averaged over its
// S particles) of ∇_θ E_q[f(z)] on a problem with a closed-form gradient, and tests |mean ĝ − g| < 4·sd(ĝ)/√R for the
// unbiased estimators. Four standard errors: a two-sided normal tail of 6e-5 per comparison, so a correct estimator
// essentially never fails (and the draws are seeded, so a run is reproducible). The biased estimators are tested
// against the closed form (straight-through) or quadrature value (Gumbel-softmax) of their own expectation, and their
// bias against the true gradient is reported.

beforeAll(async () => {
  await initBackend();
});

const STEPS = 10;
const REPLICATES = 2000;
const SIGMA_LIMIT = 4;

interface Problem {
  readonly name: string;
  readonly latent: LatentKind;
  /** Parameters θ of q: [μ, log σ] (Gaussian), [ℓ] (Bernoulli), logits (categorical). */
  readonly theta: readonly number[];
  readonly components: readonly string[];
  /** f(z) per sample, [n]. */
  f(z: tf.Tensor): tf.Tensor;
  /** The exact ∇_θ E_q[f]. */
  readonly truth: readonly number[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (l: readonly number[]) => {
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

// Gaussian: f(z) = (z − 2)², E = (μ − 2)² + σ², ∇_μ = 2(μ − 2), ∇_{log σ} = 2σ².
const MU = 0.5;
const SIGMA = 0.8;
const gaussianProblem: Problem = {
  name: 'Gaussian, f(z) = (z − 2)²',
  latent: 'gaussian',
  theta: [MU, Math.log(SIGMA)],
  components: ['∂/∂μ', '∂/∂log σ'],
  f: (z) => tf.sum(tf.square(tf.sub(z, 2)), 1),
  truth: [2 * (MU - 2), 2 * SIGMA * SIGMA],
};

// Bernoulli: f(z) = (z − 2)², E = p·1 + (1 − p)·4, ∇_ℓ = σ′(ℓ)·(1 − 4) = −3p(1 − p).
const ELL = 0.4;
const P = sigmoid(ELL);
const bernoulliProblem: Problem = {
  name: 'Bernoulli, f(z) = (z − 2)²',
  latent: 'bernoulli',
  theta: [ELL],
  components: ['∂/∂ℓ'],
  f: (z) => tf.sum(tf.square(tf.sub(z, 2)), 1),
  truth: [-3 * P * (1 - P)],
};

// Categorical (K = 3): f(z) = (z·a − 2)² for one-hot z, so E = Σ π_k g_k with g_k = (a_k − 2)², ∇_ℓj = π_j(g_j − Σ π g).
const LOGITS = [0.2, -0.4, 0.5];
const A = [1, 2, -1];
const PI = softmax(LOGITS);
const G = A.map((a) => (a - 2) ** 2);
const PI_G = PI.reduce((s, p, k) => s + p * G[k], 0);
const categoricalProblem: Problem = {
  name: 'categorical K = 3, f(z) = (z·a − 2)², a = (1, 2, −1)',
  latent: 'categorical',
  theta: LOGITS,
  components: ['∂/∂ℓ₁', '∂/∂ℓ₂', '∂/∂ℓ₃'],
  f: (z) => tf.square(tf.sub(tf.sum(tf.mul(z, tf.tensor1d(A)), 1), 2)),
  truth: PI.map((p, j) => p * (G[j] - PI_G)),
};

// Straight-through's expectation: E[∂f/∂z at the hard sample]·∂p/∂ℓ.
// Bernoulli: E[2(z − 2)]·p(1 − p) = 2(p − 2)p(1 − p). Categorical: 2(π·a − 2)·π_j(a_j − π·a).
const PI_A = PI.reduce((s, p, k) => s + p * A[k], 0);
const straightThroughMean: Record<string, number[]> = {
  bernoulli: [2 * (P - 2) * P * (1 - P)],
  categorical: PI.map((p, j) => 2 * (PI_A - 2) * p * (A[j] - PI_A)),
};

/** E_u[∂f(y)/∂ℓ] for the binary Concrete y = σ((ℓ + logit u)/τ): ∫₀¹ 2(y − 2)·y(1 − y)/τ du by the midpoint rule. */
function relaxedBernoulliMean(tau: number, points = 1_000_000): number[] {
  let s = 0;
  for (let i = 0; i < points; i++) {
    const u = (i + 0.5) / points;
    const y = sigmoid((ELL + Math.log(u / (1 - u))) / tau);
    s += (2 * (y - 2) * y * (1 - y)) / tau;
  }
  return [s / points];
}

/**
 * E_g[∇_ℓ f(y)] for y = softmax((ℓ + g)/τ), g_k = −log(−log u_k): the midpoint rule on a grid³ over u ∈ (0, 1)³ of
 * ∂f/∂ℓ_j = 2(y·a − 2)·y_j(a_j − y·a)/τ (the softmax Jacobian (diag y − yyᵀ)/τ times ∇_y f = 2(y·a − 2)a).
 */
function relaxedCategoricalMean(tau: number, grid = 128): number[] {
  const g = Array.from({ length: grid }, (_, i) => -Math.log(-Math.log((i + 0.5) / grid)));
  const out = [0, 0, 0];
  const y = [0, 0, 0];
  for (const g0 of g)
    for (const g1 of g)
      for (const g2 of g) {
        const s0 = (LOGITS[0] + g0) / tau;
        const s1 = (LOGITS[1] + g1) / tau;
        const s2 = (LOGITS[2] + g2) / tau;
        const m = Math.max(s0, s1, s2);
        y[0] = Math.exp(s0 - m);
        y[1] = Math.exp(s1 - m);
        y[2] = Math.exp(s2 - m);
        const tot = y[0] + y[1] + y[2];
        y[0] /= tot;
        y[1] /= tot;
        y[2] /= tot;
        const ya = y[0] * A[0] + y[1] * A[1] + y[2] * A[2];
        for (let j = 0; j < 3; j++) out[j] += (2 * (ya - 2) * y[j] * (A[j] - ya)) / tau;
      }
  return out.map((v) => v / grid ** 3);
}

interface Estimates {
  readonly mean: number[];
  readonly sd: number[];
  readonly count: number;
}

function contextFor(estimator: EstimatorInstance, rng: Rng, nParticles: number, temperature: number, step: number): ViContext {
  return { rng, estimator, klWeight: 1, nParticles, temperature, step, epoch: 0, training: true };
}

/**
 * Run `warmup + STEPS` steps of REPLICATES replicate rows × S particles (particle-major) and collect the per-row
 * gradient estimates of the last STEPS steps. The estimator's own variables (a learned baseline) are trained by Adam
 * on every step, as the VI engine does.
 */
function estimate(estimator: EstimatorInstance, problem: Problem, opts: { particles: number; temperature?: number; warmup?: number; seed: number }): Estimates {
  const rng = createRng(opts.seed);
  const p = problem.theta.length;
  const theta = tf.tidy(() => tf.variable(tf.tile(tf.tensor2d([problem.theta as number[]]), [REPLICATES, 1])));
  const optimizer = adam();
  const sums = new Float64Array(p);
  const squares = new Float64Array(p);
  const warmup = opts.warmup ?? 0;
  for (let step = 0; step < warmup + STEPS; step++) {
    const ctx = contextFor(estimator, rng.fork(), opts.particles, opts.temperature ?? 1, step);
    const own = estimator.variables();
    estimator.startStep();
    const grad = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const params = tf.tile(theta, [opts.particles, 1]);
        const sample =
          problem.latent === 'gaussian'
            ? estimator.gaussian!(tf.slice(params, [0, 0], [-1, 1]), tf.slice(params, [0, 1], [-1, 1]), ctx)
            : problem.latent === 'bernoulli'
              ? estimator.bernoulli!(params, ctx)
              : estimator.categorical!(params, ctx);
        return tf.div(tf.neg(tf.sum(sample.surrogate(problem.f(sample.z)))), opts.particles) as tf.Scalar;
      }, [theta, ...own]);
      optimizer.apply(own, grads, 0.05);
      return tf.neg(grads[theta.name]!);
    });
    estimator.finishStep();
    if (step >= warmup) {
      const g = grad.dataSync();
      for (let r = 0; r < REPLICATES; r++)
        for (let j = 0; j < p; j++) {
          sums[j] += g[r * p + j];
          squares[j] += g[r * p + j] ** 2;
        }
    }
    grad.dispose();
  }
  optimizer.dispose();
  theta.dispose();
  const count = STEPS * REPLICATES;
  const mean = Array.from(sums, (s) => s / count);
  const sd = mean.map((m, j) => Math.sqrt((squares[j] - count * m * m) / (count - 1)));
  return { mean, sd, count };
}

interface Row {
  readonly estimator: string;
  readonly problem: Problem;
  readonly particles: number;
  readonly est: Estimates;
  /** What the estimator's mean should be: the true gradient, or the biased estimator's own expectation. */
  readonly expected: readonly number[];
}

const table: Row[] = [];

function run(
  key: string,
  label: string,
  problem: Problem,
  opts: { particles: number; temperature?: number; warmup?: number; options?: Record<string, unknown>; expected?: number[] },
) {
  const before = tf.memory().numTensors;
  const estimator = createEstimator(key, { latents: [problem.latent], nParticles: opts.particles, options: opts.options });
  const est = estimate(estimator, problem, { ...opts, seed: 1234 });
  estimator.dispose();
  expect(tf.memory().numTensors).toBe(before);
  const row: Row = { estimator: label, problem, particles: opts.particles, est, expected: opts.expected ?? problem.truth };
  table.push(row);
  return row;
}

function expectMeanWithin(row: Row, extra = 0): void {
  row.expected.forEach((e, j) => {
    const se = row.est.sd[j] / Math.sqrt(row.est.count);
    const msg = `${row.estimator} on ${row.problem.name}, ${row.problem.components[j]}: mean ${row.est.mean[j]} vs ${e} (SE ${se})`;
    expect(Math.abs(row.est.mean[j] - e), msg).toBeLessThan(SIGMA_LIMIT * se + extra);
  });
}

const UNBIASED: { key: string; label: string; options?: Record<string, unknown>; warmup?: number; minParticles?: number }[] = [
  { key: 'estimators/reparam', label: 'reparam' },
  { key: 'estimators/score-function', label: 'score-function, no baseline', options: { baseline: 'none' } },
  { key: 'estimators/score-function', label: 'score-function, moving average', options: { baseline: 'moving-average' }, warmup: 20 },
  { key: 'estimators/score-function', label: 'score-function, learned', options: { baseline: 'learned' }, warmup: 40 },
  { key: 'estimators/leave-one-out', label: 'leave-one-out', minParticles: 2 },
];

describe('gradient estimators on problems with closed-form gradients', () => {
  for (const problem of [gaussianProblem, bernoulliProblem, categoricalProblem]) {
    for (const e of UNBIASED) {
      if (e.key === 'estimators/reparam' && problem.latent !== 'gaussian') continue;
      for (const particles of e.minParticles ? [4] : [1, 4]) {
        it(`${e.label} (S = ${particles}) is unbiased for the ${problem.name}`, () => {
          expectMeanWithin(run(e.key, e.label, problem, { particles, warmup: e.warmup, options: e.options }));
        });
      }
    }
  }

  it('baselines reduce the score-function variance (S = 1) and leave-one-out beats no baseline at S = 4', () => {
    const variance = (label: string, problem: Problem, particles: number) => {
      const row = table.find((r) => r.estimator === label && r.problem === problem && r.particles === particles)!;
      return row.est.sd.reduce((s, v) => s + v * v, 0);
    };
    for (const problem of [gaussianProblem, bernoulliProblem, categoricalProblem]) {
      const none = variance('score-function, no baseline', problem, 1);
      expect(variance('score-function, moving average', problem, 1)).toBeLessThan(none);
      expect(variance('score-function, learned', problem, 1)).toBeLessThan(none);
      expect(variance('leave-one-out', problem, 4)).toBeLessThan(variance('score-function, no baseline', problem, 4));
    }
  });

  for (const problem of [bernoulliProblem, categoricalProblem]) {
    it(`straight-through has its closed-form biased expectation on the ${problem.name}`, () => {
      const expected = straightThroughMean[problem.latent];
      const row = run('estimators/straight-through', 'straight-through', problem, { particles: 1, expected });
      expectMeanWithin(row);
      const se = Math.max(...row.est.sd) / Math.sqrt(row.est.count);
      expect(Math.max(...expected.map((v, j) => Math.abs(v - problem.truth[j])))).toBeGreaterThan(SIGMA_LIMIT * se);
    });

    for (const tau of [0.5, 1]) {
      it(`gumbel-softmax at τ = ${tau} is unbiased for the relaxed objective, not the discrete one, on the ${problem.name}`, () => {
        const expected = problem.latent === 'bernoulli' ? relaxedBernoulliMean(tau) : relaxedCategoricalMean(tau);
        const row = run('estimators/gumbel-softmax', `gumbel-softmax τ = ${tau}`, problem, { particles: 1, temperature: tau, expected });
        // The midpoint rules' error is far below 1e-3 for these smooth, bounded integrands.
        expectMeanWithin(row, 1e-3);
        const se = Math.max(...row.est.sd) / Math.sqrt(row.est.count);
        expect(Math.max(...expected.map((v, j) => Math.abs(v - problem.truth[j])))).toBeGreaterThan(SIGMA_LIMIT * se);
      });
    }
  }
});

afterAll(() => {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toFixed(4));
  const lines = [
    `Gradient estimators: R = ${STEPS * REPLICATES} estimates each; variance of one estimate (S particles averaged).`,
    '| problem | component | estimator | S | mean | true gradient | bias | variance |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of table) {
    row.problem.components.forEach((c, j) => {
      const bias = row.est.mean[j] - row.problem.truth[j];
      lines.push(
        `| ${row.problem.name} | ${c} | ${row.estimator} | ${row.particles} | ${fmt(row.est.mean[j])} | ${fmt(row.problem.truth[j])} | ${fmt(bias)} | ${fmt(row.est.sd[j] ** 2)} |`,
      );
    });
  }
  console.log(lines.join('\n'));
});
