import { createRng, initBackend } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam } from '../vi/optimizer.js';
import type { EstimatorInstance } from './estimator-plugin.js';
import { estimatorParamsOf } from './estimator-plugins.js';
import { leaveOneOut, scoreFunction } from './score-function.js';

beforeAll(async () => {
  await initBackend();
});

const ctxFor = (estimator: EstimatorInstance, seed: number, nParticles = 1): ViContext => ({
  rng: createRng(seed),
  estimator,
  klWeight: 1,
  nParticles,
  temperature: 1,
  step: 0,
  epoch: 0,
  training: true,
});

describe('estimators/score-function', () => {
  for (const baseline of ['none', 'moving-average', 'learned'] as const) {
    it(`returns hard samples and a surrogate whose value is f (baseline ${baseline})`, () => {
      const before = tf.memory().numTensors;
      const estimator = scoreFunction.create({ baseline });
      for (let step = 0; step < 3; step++) {
        estimator.startStep();
        tf.tidy(() => {
          const logits = tf.tensor2d([
            [0.3, -2],
            [1, 0.5],
            [0, 0],
          ]);
          const sample = estimator.bernoulli!(logits, ctxFor(estimator, step));
          const z = Array.from(sample.z.dataSync());
          expect(z.every((v) => v === 0 || v === 1)).toBe(true);
          const f = tf.add(tf.sum(sample.z, 1), tf.tensor1d([10, -3, 0.25]));
          expect(Array.from(sample.surrogate(f).dataSync())).toEqual(Array.from(f.dataSync()));
        });
        estimator.finishStep();
      }
      estimator.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('gives the REINFORCE gradient (f − b)·∇log q for a fixed sample', () => {
    const estimator = scoreFunction.create({ baseline: 'none' });
    estimator.startStep();
    const logits = tf.tensor2d([[0.4, -1]]);
    let z!: Float32Array;
    const grad = tf.grad((l: tf.Tensor) => {
      const sample = estimator.bernoulli!(l, ctxFor(estimator, 7));
      z = sample.z.dataSync() as Float32Array;
      return tf.sum(sample.surrogate(tf.add(tf.sum(sample.z, 1), 3)));
    })(logits);
    // ∂/∂ℓ_d log Bernoulli(z; σ(ℓ)) = z_d − σ(ℓ_d); f = Σz + 3 carries no pathwise gradient to ℓ.
    const f = z[0] + z[1] + 3;
    const expected = [0.4, -1].map((l, d) => f * (z[d] - 1 / (1 + Math.exp(-l))));
    Array.from(grad.dataSync()).forEach((g, d) => expect(g).toBeCloseTo(expected[d], 5));
    tf.dispose([logits, grad]);
  });

  it('checks that f has one value per sample', () => {
    const estimator = scoreFunction.create();
    tf.tidy(() => {
      const sample = estimator.categorical!(tf.zeros([4, 3]), ctxFor(estimator, 0));
      expect(sample.z.shape).toEqual([4, 3]);
      expect(() => sample.surrogate(tf.zeros([4, 1]))).toThrow('estimators/score-function: surrogate(f) needs one value per sample, shape [4], got [4,1]');
    });
    estimator.dispose();
  });

  it('declares its parameters: an unknown baseline or parameter is rejected, the defaults are filled in', () => {
    expect(() => estimatorParamsOf(scoreFunction, { baseline: 'median' })).toThrow(
      "estimators/score-function: parameter baseline='median' is invalid: expected one of 'none', 'moving-average', 'learned'",
    );
    expect(() => estimatorParamsOf(scoreFunction, { decay: 0.5 })).toThrow("estimators/score-function: unknown parameter 'decay'");
    expect(estimatorParamsOf(scoreFunction, { baseline: 'learned' })).toEqual({ baseline: 'learned', baselineDecay: 0.9, baselineHiddenUnits: 16 });
    expect(estimatorParamsOf(leaveOneOut)).toEqual({});
  });

  it('with a learned baseline has a lower variance than with a moving average when E[f | x] depends on the row', () => {
    // Rows of two kinds: ℓ = +1 with f = (z − 2)², and ℓ = −1 with f = (z − 2)² + 20. A moving average can only
    // subtract the overall mean of f (about 13), the learned baseline b(ℓ) learns each kind's own mean.
    const variance = (baseline: 'moving-average' | 'learned') => {
      const before = tf.memory().numTensors;
      const estimator = scoreFunction.create({ baseline });
      const n = 512;
      const sign = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
      const theta = tf.tidy(() => tf.variable(tf.tensor2d(sign, [n, 1])));
      const offset = tf.tensor1d(Float32Array.from(sign, (s) => (s > 0 ? 0 : 20)));
      const optimizer = adam();
      const rng = createRng(3);
      let sum = 0;
      let squares = 0;
      let count = 0;
      for (let step = 0; step < 160; step++) {
        const ctx = ctxFor(estimator, 0);
        const own = estimator.variables();
        estimator.startStep();
        const g = tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const sample = estimator.bernoulli!(theta, { ...ctx, rng: rng.fork() });
            const f = tf.add(tf.sum(tf.square(tf.sub(sample.z, 2)), 1), offset);
            return tf.neg(tf.sum(sample.surrogate(f))) as tf.Scalar;
          }, [theta, ...own]);
          optimizer.apply(own, grads, 0.05);
          return grads[theta.name]!;
        });
        estimator.finishStep();
        if (step >= 140) {
          for (const v of g.dataSync()) {
            sum += v;
            squares += v * v;
            count += 1;
          }
        }
        g.dispose();
      }
      optimizer.dispose();
      estimator.dispose();
      tf.dispose([theta, offset]);
      expect(tf.memory().numTensors).toBe(before);
      return (squares - (sum * sum) / count) / (count - 1);
    };
    const movingAverage = variance('moving-average');
    const learned = variance('learned');
    // Per row: Var ≈ E[(f − b)²(z − p)²]; with b off by ±10 the moving average's variance is about 100·p(1 − p) ≈ 20
    // (measured 16.9), the trained learned baseline's far smaller (measured 0.38).
    expect(learned).toBeLessThan(movingAverage / 4);
  });
});

describe('estimators/leave-one-out', () => {
  it('subtracts the mean of the other particles of the same row', () => {
    const estimator = leaveOneOut.create();
    estimator.startStep();
    // Two particles × one row: z and f for each particle; the gradient is Σ_s (f_s − f_{other})·(z_s − σ(ℓ)).
    const logits = tf.tensor2d([[0.2], [0.2]]);
    let z!: Float32Array;
    const grad = tf.grad((l: tf.Tensor) => {
      const sample = estimator.bernoulli!(l, ctxFor(estimator, 11, 2));
      z = sample.z.dataSync() as Float32Array;
      return tf.sum(sample.surrogate(tf.mul(tf.sum(sample.z, 1), tf.tensor1d([3, 5]))));
    })(logits);
    const f = [3 * z[0], 5 * z[1]];
    const p = 1 / (1 + Math.exp(-0.2));
    const expected = [(f[0] - f[1]) * (z[0] - p), (f[1] - f[0]) * (z[1] - p)];
    Array.from(grad.dataSync()).forEach((g, s) => expect(g).toBeCloseTo(expected[s], 5));
    tf.dispose([logits, grad]);
  });
});

describe('estimators/score-function baselines, step by step', () => {
  /** The gradient of Σ surrogate(f) w.r.t. the logits for one step, with the sample z and f = Σz·w + c. */
  const step = (estimator: EstimatorInstance, logits: number[][], w: number, c: number, seed: number) => {
    estimator.startStep();
    let z!: number[];
    let f!: number[];
    const l = tf.tensor2d(logits);
    const grad = tf.grad((x: tf.Tensor) => {
      const sample = estimator.bernoulli!(x, ctxFor(estimator, seed));
      const fx = tf.add(tf.mul(tf.sum(sample.z, 1), w), c);
      z = Array.from(sample.z.dataSync());
      f = Array.from(fx.dataSync());
      return tf.sum(sample.surrogate(fx));
    })(l);
    estimator.finishStep();
    const g = Array.from(grad.dataSync());
    tf.dispose([l, grad]);
    return { z, f, g };
  };
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const logits = [
    [0.4, -1],
    [1.5, 0.2],
  ];

  it("'none' subtracts nothing on later steps either; 'moving-average' subtracts the bias-corrected mean of f of earlier steps", () => {
    for (const baseline of ['none', 'moving-average'] as const) {
      const estimator = scoreFunction.create({ baseline, baselineDecay: 0.5 });
      const first = step(estimator, logits, 2, 1, 1);
      const second = step(estimator, logits, -3, 4, 2);
      // Step 1 has no history (b = 0); at step 2 the moving average is a₁/(1 − 0.5) = mean f₁.
      const b = baseline === 'none' ? 0 : (first.f[0] + first.f[1]) / 2;
      [first, second].forEach(({ z, f, g }, t) =>
        g.forEach((v, i) =>
          expect(v, `${baseline} step ${t + 1}`).toBeCloseTo(
            (f[Math.floor(i / 2)] - (t === 0 ? 0 : b)) * (z[i] - sigmoid(logits[Math.floor(i / 2)][i % 2])),
            5,
          ),
        ),
      );
      estimator.dispose();
    }
  });

  it('forgets a step that did not finish: the moving average counts finished steps only', () => {
    const estimator = scoreFunction.create({ baseline: 'moving-average', baselineDecay: 0.5 });
    estimator.startStep();
    tf.tidy(() => {
      const sample = estimator.bernoulli!(tf.tensor2d(logits), ctxFor(estimator, 5));
      sample.surrogate(tf.tensor1d([100, 100]));
    });
    const first = step(estimator, logits, 2, 1, 1);
    const { z, f, g } = step(estimator, logits, -3, 4, 2);
    const b = (first.f[0] + first.f[1]) / 2;
    g.forEach((v, i) => expect(v).toBeCloseTo((f[Math.floor(i / 2)] - b) * (z[i] - sigmoid(logits[Math.floor(i / 2)][i % 2])), 5));
    estimator.dispose();
  });

  it('checks the length of f as well as its rank', () => {
    const estimator = scoreFunction.create();
    tf.tidy(() => {
      const sample = estimator.categorical!(tf.zeros([4, 3]), ctxFor(estimator, 0));
      expect(() => sample.surrogate(tf.zeros([3]))).toThrow('estimators/score-function: surrogate(f) needs one value per sample, shape [4], got [3]');
    });
    estimator.dispose();
  });

  it('bounds its parameters and describes each of them', () => {
    expect(() => estimatorParamsOf(scoreFunction, { baselineDecay: 1 })).toThrow('baselineDecay');
    expect(() => estimatorParamsOf(scoreFunction, { baselineDecay: -0.1 })).toThrow('baselineDecay');
    expect(() => estimatorParamsOf(scoreFunction, { baselineHiddenUnits: 0 })).toThrow('baselineHiddenUnits');
    expect(() => estimatorParamsOf(scoreFunction, { baselineHiddenUnits: 2.5 })).toThrow('baselineHiddenUnits');
    expect(estimatorParamsOf(scoreFunction, { baselineDecay: 0, baselineHiddenUnits: 1 })).toEqual({
      baseline: 'moving-average',
      baselineDecay: 0,
      baselineHiddenUnits: 1,
    });
    for (const [name, spec] of Object.entries(scoreFunction.params ?? {})) expect((spec as { description?: string }).description, name).toMatch(/\w/);
  });

  it("leave-one-out's baseline names the estimator when it gets one particle", () => {
    const estimator = leaveOneOut.create();
    tf.tidy(() => {
      const sample = estimator.bernoulli!(tf.zeros([2, 1]), ctxFor(estimator, 0, 1));
      expect(() => sample.surrogate(tf.zeros([2]))).toThrow('estimators/leave-one-out needs nParticles >= 2');
    });
    estimator.dispose();
  });
});
