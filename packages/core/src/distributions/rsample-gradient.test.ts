import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random/rng.js';
import { Laplace } from './laplace.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { RelaxedBernoulli } from './relaxed-bernoulli.js';
import { RelaxedCategorical } from './relaxed-categorical.js';

beforeAll(async () => {
  await initBackend();
});

const WEIGHTS = [0.7, -1.3, 0.4, 2.1, -0.2, 1.1, 0.9, -0.6, 0.3, 1.7, -0.8, 0.5];

/** f(θ) = Σ w ⊙ rsample(θ) with the noise fixed by the seed, so the pathwise gradient is an ordinary derivative. */
function objective(draw: (theta: tf.Tensor) => tf.Tensor): (theta: tf.Tensor) => tf.Tensor {
  return (theta) =>
    tf.tidy(() => {
      const x = draw(theta);
      const w = tf.reshape(tf.tensor1d(WEIGHTS.slice(0, x.size)), x.shape);
      return tf.sum(tf.mul(w, x));
    });
}

/**
 * Check tf.grad of the reparameterised objective against central differences with step h = 1e-2.
 * In float32 the difference quotient carries rounding error ~1.2e-7·|f|/h ≈ 1e-5·|f| and truncation error
 * O(h²·f‴) ≈ 1e-4; the tolerance 2e-3·(1 + |g|) covers both with margin.
 */
function checkGradient(f: (theta: tf.Tensor) => tf.Tensor, theta0: number[][] | number[]): void {
  const theta = tf.tensor(theta0);
  const before = tf.memory().numTensors;
  const g = tf.grad(f)(theta);
  const grad = g.dataSync();
  g.dispose();
  const base = theta.dataSync();
  const h = 1e-2;
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += h;
    minus[i] -= h;
    const tp = tf.tensor(plus, theta.shape);
    const tm = tf.tensor(minus, theta.shape);
    const fp = f(tp);
    const fm = f(tm);
    const fd = (fp.dataSync()[0] - fm.dataSync()[0]) / (2 * h);
    tf.dispose([tp, tm, fp, fm]);
    expect(Math.abs(grad[i] - fd), `∂f/∂θ[${i}]: autodiff ${grad[i]}, finite difference ${fd}`).toBeLessThanOrEqual(2e-3 * (1 + Math.abs(fd)));
  }
  expect(grad.some((v) => v !== 0)).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  theta.dispose();
}

describe('rsample is differentiable w.r.t. the parameters', () => {
  it('Normal: ∂/∂μ Σ x = count and ∂/∂σ Σ x = Σ ε, exactly', () => {
    const loc = tf.tensor1d([0.5, -1]);
    const scale = tf.tensor1d([2, 0.3]);
    const [gLoc, gScale] = tf.grads((m: tf.Tensor, s: tf.Tensor) => tf.sum(new Normal(m, s).rsample(createRng(3), [4])))([loc, scale]);
    const x = new Normal(loc, scale).rsample(createRng(3), [4]);
    const eps = tf.tidy(() => tf.sum(tf.div(tf.sub(x, loc), scale), 0));
    expect(Array.from(gLoc.dataSync())).toEqual([4, 4]);
    const ge = gScale.dataSync();
    const e = eps.dataSync();
    for (let j = 0; j < 2; j++) expect(Math.abs(ge[j] - e[j])).toBeLessThan(1e-5 * (1 + Math.abs(e[j])));
    tf.dispose([loc, scale, gLoc, gScale, x, eps]);
  });

  it('Normal: sample blocks the gradient', () => {
    const g = tf.grad((m: tf.Tensor) => tf.sum(new Normal(m, 1).sample(createRng(1), [3])))(tf.tensor1d([0, 1]));
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    g.dispose();
  });

  it('Normal scale', () =>
    checkGradient(
      objective((s) => new Normal([0, 1], s).rsample(createRng(4), [3])),
      [0.5, 2],
    ));
  it('Laplace scale and loc', () => {
    checkGradient(
      objective((s) => new Laplace([0, 1], s).rsample(createRng(5), [3])),
      [0.5, 2],
    );
    checkGradient(
      objective((m) => new Laplace(m, 1).rsample(createRng(5), [3])),
      [0.5, 2],
    );
  });
  it('MultivariateNormal loc and scaleTril', () => {
    const L = [
      [1, 0, 0],
      [0.5, 0.8, 0],
      [-0.3, 0.2, 1.5],
    ];
    checkGradient(
      objective((m) => new MultivariateNormal({ loc: m, scaleTril: L }).rsample(createRng(6), [2])),
      [0.1, -0.2, 0.3],
    );
    checkGradient(
      objective((l) => new MultivariateNormal({ loc: [0, 0, 0], scaleTril: l }).rsample(createRng(6), [2])),
      L,
    );
  });
  it('RelaxedBernoulli logits', () =>
    checkGradient(
      objective((l) => new RelaxedBernoulli({ temperature: 0.7, logits: l }).rsample(createRng(7), [3])),
      [-0.5, 1.2],
    ));
  it('RelaxedCategorical logits', () =>
    checkGradient(
      objective((l) => new RelaxedCategorical({ temperature: 0.7, logits: l }).rsample(createRng(8), [2])),
      [[0.2, -0.4, 1.1]],
    ));
});

describe('logProb is differentiable', () => {
  it('MultivariateNormal: ∂/∂μ log p(x) = Σ⁻¹(x − μ)', () => {
    // Σ = LLᵀ with L = [[2, 0], [1, 1]] → Σ = [[4, 2], [2, 2]], Σ⁻¹ = [[0.5, −0.5], [−0.5, 1]].
    const x = tf.tensor1d([1, 3]);
    const g = tf.grad((m: tf.Tensor) =>
      new MultivariateNormal({
        loc: m,
        scaleTril: [
          [2, 0],
          [1, 1],
        ],
      }).logProb(x),
    )(tf.tensor1d([0, 0]));
    const got = g.dataSync();
    expect(Math.abs(got[0] - (0.5 - 1.5))).toBeLessThan(1e-5);
    expect(Math.abs(got[1] - (-0.5 + 3))).toBeLessThan(1e-5);
    tf.dispose([x, g]);
  });
});
