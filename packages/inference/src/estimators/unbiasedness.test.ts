import { createRng, initBackend, type Rng } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adam } from '../vi/optimizer.js';
import type { EstimatorInstance } from './estimator-plugin.js';
import { createEstimator } from './estimator-plugins.js';
import { GRADIENT_PROBLEM_CONSTANTS, GRADIENT_PROBLEMS, type GradientProblem } from './gradient-problems.js';
import { gradientOnly } from './stop-gradient.js';

// Each check draws R independent gradient estimates ĝ (one per replicate row, averaged over its S particles) of
// ∇_θ E_q[f(z)] on a two-dimensional problem with a closed-form gradient, and tests |mean ĝ − g| < 4·sd(ĝ)/√R in
// EVERY component for the unbiased estimators. Four standard errors: a two-sided normal tail of 6e-5 per comparison,
// so a correct estimator essentially never fails (the draws are seeded, so a run is reproducible). Each row has its
// own seed (derived from its name), so the estimators' errors are independent.
//
// Power: R grows in rounds until 8 standard errors are at most 10% of |g| in every component (up to a cap), and the
// test asserts it got there: a bias of 10% confined to ONE parameter's gradient is then ≥ 8 SE, and fails the 4-SE
// bar with probability > 1 − 3e-5. (Before, one latent dimension and 20,000 draws left 4 SE at 20–25% of some
// gradients.) The score-function estimator at S = 1 without a baseline cannot reach 10% within the cap (its variance
// of ∂/∂log σ₂ is ~40× |g|²), so its rows are held to 20% and say so.
//
// The biased estimators are tested against the closed form (straight-through) or quadrature value (Gumbel-softmax) of
// their own expectation, and their bias against the true gradient is reported.

beforeAll(async () => {
  await initBackend();
});

const STEPS = 10;
const REPLICATES = 2000;
const SIGMA_LIMIT = 4;
/** Rounds of STEPS × REPLICATES estimates at most (R ≤ 900,000). */
const MAX_ROUNDS = 45;
/** The relative bias every component must be able to show at 8 SE, unless a row says otherwise. */
const DETECTABLE = 0.1;

type Problem = GradientProblem;

// The three problems (GRADIENT_PROBLEMS, gradient-problems.ts): Gaussian 2-D f(z) = (z₁ − 2)² + (z₂ + 1)² + z₁z₂;
// Bernoulli 2-D f(z) = (z·b − 2)², b = (1.5, 2); categorical K = 3 f(z) = (z·a − 2)², a = (1, 2, −1); each with its
// closed-form ∇_θ E_q[f] in `gradient`.
const { ells: ELLS, b: B, p: PS, logits: LOGITS, a: A, pi: PI } = GRADIENT_PROBLEM_CONSTANTS;
// Short names for the table in README.md (each row's seed derives from its name, so the tabulated numbers stay as they are).
const gaussianProblem: Problem = { ...GRADIENT_PROBLEMS.gaussian, name: 'Gaussian 2-D, f(z) = (z₁ − 2)² + (z₂ + 1)² + z₁z₂' };
const bernoulliProblem: Problem = { ...GRADIENT_PROBLEMS.bernoulli, name: 'Bernoulli 2-D, f(z) = (z·b − 2)², b = (1.5, 2)' };
const categoricalProblem: Problem = { ...GRADIENT_PROBLEMS.categorical, name: 'categorical K = 3, f(z) = (z·a − 2)², a = (1, 2, −1)' };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// Straight-through's expectation: E[∂f/∂z at the hard sample]·∂p/∂ℓ, and ∂f/∂z is linear in z.
// Bernoulli: 2(p·b − 2)·b_j·p_j(1 − p_j). Categorical: 2(π·a − 2)·π_j(a_j − π·a).
const PI_A = PI.reduce((s, p, k) => s + p * A[k], 0);
const PS_B = PS[0] * B[0] + PS[1] * B[1];
const straightThroughMean: Record<string, number[]> = {
  bernoulli: PS.map((p, j) => 2 * (PS_B - 2) * B[j] * p * (1 - p)),
  categorical: PI.map((p, j) => 2 * (PI_A - 2) * p * (A[j] - PI_A)),
};

/**
 * E_u[∂f(y)/∂ℓ] for the binary Concrete y_d = σ((ℓ_d + logit u_d)/τ), d = 1, 2: the midpoint rule on a grid² over
 * u ∈ (0, 1)² of ∂f/∂ℓ_j = 2(y·b − 2)·b_j·y_j(1 − y_j)/τ.
 */
function relaxedBernoulliMean(tau: number, grid = 2000): number[] {
  const ys = ELLS.map((l) => Array.from({ length: grid }, (_, i) => sigmoid((l + Math.log((i + 0.5) / grid / (1 - (i + 0.5) / grid))) / tau)));
  const out = [0, 0];
  for (const y0 of ys[0])
    for (const y1 of ys[1]) {
      const r = 2 * (y0 * B[0] + y1 * B[1] - 2);
      out[0] += (r * B[0] * y0 * (1 - y0)) / tau;
      out[1] += (r * B[1] * y1 * (1 - y1)) / tau;
    }
  return out.map((v) => v / grid ** 2);
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

/** A seed per row from its name (FNV-1a), so that no two rows share draws. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Run `warmup` steps, then rounds of STEPS steps of REPLICATES replicate rows × S particles (particle-major),
 * collecting the per-row gradient estimates, until `enough(estimates)` or MAX_ROUNDS rounds. The estimator's own
 * variables (a learned baseline) are trained by Adam on every step, as the VI engine does. Stopping on the standard
 * errors (not on the mean) leaves the mean's test valid.
 */
function estimate(
  estimator: EstimatorInstance,
  problem: Problem,
  opts: { particles: number; temperature?: number; warmup?: number; seed: number; enough?: (e: Estimates) => boolean },
): Estimates {
  const rng = createRng(opts.seed);
  const p = problem.theta.length;
  const d = p / 2;
  const theta = tf.tidy(() => tf.variable(tf.tile(tf.tensor2d([problem.theta as number[]]), [REPLICATES, 1])));
  const optimizer = adam();
  const sums = new Float64Array(p);
  const squares = new Float64Array(p);
  const warmup = opts.warmup ?? 0;
  let est: Estimates = { mean: [], sd: [], count: 0 };
  for (let step = 0; step < warmup + MAX_ROUNDS * STEPS; step++) {
    const ctx = contextFor(estimator, rng.fork(), opts.particles, opts.temperature ?? 1, step);
    const own = estimator.variables();
    estimator.startStep();
    const grad = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const params = tf.tile(theta, [opts.particles, 1]);
        const sample =
          problem.latent === 'gaussian'
            ? estimator.gaussian!(tf.slice(params, [0, 0], [-1, d]), tf.slice(params, [0, d], [-1, d]), ctx)
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
    if (step >= warmup && (step - warmup + 1) % STEPS === 0) {
      const count = (step - warmup + 1) * REPLICATES;
      const mean = Array.from(sums, (s) => s / count);
      const sd = mean.map((m, j) => Math.sqrt(Math.max(0, squares[j] - count * m * m) / (count - 1)));
      est = { mean, sd, count };
      if (!opts.enough || opts.enough(est)) break;
    }
  }
  optimizer.dispose();
  theta.dispose();
  return est;
}

/** Whether 8 standard errors are within `fraction` of |g_j| in every component. */
const resolves = (truth: readonly number[], fraction: number) => (e: Estimates) =>
  truth.every((g, j) => 2 * SIGMA_LIMIT * (e.sd[j] / Math.sqrt(e.count)) <= fraction * Math.abs(g));

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
  opts: {
    particles: number;
    temperature?: number;
    warmup?: number;
    options?: Record<string, unknown>;
    expected?: number[];
    enough?: (e: Estimates) => boolean;
    wrap?: (e: EstimatorInstance) => EstimatorInstance;
  },
) {
  const before = tf.memory().numTensors;
  const created = createEstimator(key, { latents: [problem.latent], nParticles: opts.particles, options: opts.options });
  const estimator = opts.wrap ? opts.wrap(created) : created;
  const est = estimate(estimator, problem, { enough: () => true, ...opts, seed: seedOf(`${label} S=${opts.particles} ${problem.name}`) });
  estimator.dispose();
  expect(tf.memory().numTensors).toBe(before);
  const row: Row = { estimator: label, problem, particles: opts.particles, est, expected: opts.expected ?? problem.gradient };
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
        const fraction = DETECTABLE;
        it(`${e.label} (S = ${particles}) is unbiased for the ${problem.name}, to a bias of ${fraction * 100}% in any one component`, () => {
          const row = run(e.key, e.label, problem, { particles, warmup: e.warmup, options: e.options, enough: resolves(problem.gradient, fraction) });
          expect(resolves(problem.gradient, fraction)(row.est), `R = ${row.est.count} estimates do not resolve ${fraction * 100}% at 8 SE`).toBe(true);
          expectMeanWithin(row);
        });
      }
    }
  }

  it('catches a bias of 10% confined to one parameter: score-function with a learned baseline (S = 1), ∂/∂log σ₁ shifted', () => {
    // The mutant adds δ·(log σ₁ − stopGradient(log σ₁)) to every surrogate: values unchanged, ∂/∂log σ₁ off by δ.
    const delta = 0.1 * gaussianProblem.gradient[2];
    const wrap = (inner: EstimatorInstance): EstimatorInstance =>
      new Proxy(inner, {
        get(target, name) {
          if (name === 'gaussian')
            return (loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext) => {
              const sample = target.gaussian!(loc, logScale, ctx);
              const shift = tf.mul(delta, tf.reshape(gradientOnly(tf.slice(logScale, [0, 0], [-1, 1])), [-1]));
              return { z: sample.z, surrogate: (f: tf.Tensor) => tf.add(sample.surrogate(f), shift) };
            };
          const value = Reflect.get(target, name, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    const row = run('estimators/score-function', 'score-function, learned, mutant', gaussianProblem, {
      particles: 1,
      warmup: 40,
      options: { baseline: 'learned' },
      enough: resolves(gaussianProblem.gradient, DETECTABLE),
      wrap,
    });
    const se = row.est.sd.map((sd) => sd / Math.sqrt(row.est.count));
    expect(Math.abs(row.est.mean[2] - gaussianProblem.gradient[2])).toBeGreaterThan(SIGMA_LIMIT * se[2]);
    for (const j of [0, 1, 3]) expect(Math.abs(row.est.mean[j] - gaussianProblem.gradient[j])).toBeLessThan(SIGMA_LIMIT * se[j]);
    table.pop();
  });

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
      expect(Math.max(...expected.map((v, j) => Math.abs(v - problem.gradient[j])))).toBeGreaterThan(SIGMA_LIMIT * se);
    });

    for (const tau of [0.5, 1]) {
      it(`gumbel-softmax at τ = ${tau} is unbiased for the relaxed objective, not the discrete one, on the ${problem.name}`, () => {
        const expected = problem.latent === 'bernoulli' ? relaxedBernoulliMean(tau) : relaxedCategoricalMean(tau);
        const row = run('estimators/gumbel-softmax', `gumbel-softmax τ = ${tau}`, problem, { particles: 1, temperature: tau, expected });
        // The midpoint rules' error is far below 1e-3 for these smooth, bounded integrands.
        expectMeanWithin(row, 1e-3);
        const se = Math.max(...row.est.sd) / Math.sqrt(row.est.count);
        expect(Math.max(...expected.map((v, j) => Math.abs(v - problem.gradient[j])))).toBeGreaterThan(SIGMA_LIMIT * se);
      });
    }
  }
});

afterAll(() => {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toFixed(4));
  const lines = [
    'Gradient estimators: R estimates each (rounds of 20,000 until 8 SE ≤ 10% of |g|); variance of one estimate (S particles averaged).',
    '| problem | component | estimator | S | R | mean | true gradient | bias | variance |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of table) {
    row.problem.components.forEach((c, j) => {
      const bias = row.est.mean[j] - row.problem.gradient[j];
      lines.push(
        `| ${row.problem.name} | ${c} | ${row.estimator} | ${row.particles} | ${row.est.count} | ${fmt(row.est.mean[j])} | ${fmt(row.problem.gradient[j])} | ${fmt(bias)} | ${fmt(row.est.sd[j] ** 2)} |`,
      );
    });
  }
  console.log(lines.join('\n'));
});
