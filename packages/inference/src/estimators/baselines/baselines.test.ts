import { createRng, initBackend } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reparam } from '../reparam.js';
import { leaveOneOutBaseline } from './leave-one-out-baseline.js';
import { LearnedBaseline } from './learned-baseline.js';
import { MovingAverageBaseline } from './moving-average-baseline.js';

beforeAll(async () => {
  await initBackend();
});

const ctx = (nParticles = 1): ViContext => ({
  rng: createRng(0),
  estimator: reparam.create(),
  klWeight: 1,
  nParticles,
  temperature: 1,
  step: 0,
  epoch: 0,
  training: true,
});
const features = () => tf.zeros([2, 1]);

describe('MovingAverageBaseline', () => {
  it('is 0 before the first step and then the bias-corrected moving average of mean f, per site', () => {
    const before = tf.memory().numTensors;
    const b = new MovingAverageBaseline(0.5);
    const means = [4, 2, 6];
    let raw = 0;
    means.forEach((m, t) => {
      b.startStep();
      const value = tf.tidy(() => b.apply(0, tf.tensor1d([m - 1, m + 1]), features, ctx()).value);
      // Site 1 sees −f: its average must stay separate from site 0's.
      tf.tidy(() => {
        b.apply(1, tf.tensor1d([-m, -m]), features, ctx());
      });
      expect(value.dataSync()[0]).toBeCloseTo(t === 0 ? 0 : raw / (1 - 0.5 ** t), 6);
      value.dispose();
      b.finishStep();
      raw = 0.5 * raw + 0.5 * m;
    });
    // a_3 = 0.5·(0.5·(0.5·0 + 0.5·4) + 0.5·2) + 0.5·6 = 4, corrected by 1 − 0.5³.
    expect(b.current(0)).toBeCloseTo(4 / (1 - 0.125), 12);
    expect(b.current(1)).toBeCloseTo(-4 / (1 - 0.125), 12);
    expect(b.current(2)).toBe(0);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops the statistics of a step that did not finish', () => {
    const before = tf.memory().numTensors;
    const b = new MovingAverageBaseline();
    tf.tidy(() => {
      b.apply(0, tf.tensor1d([10]), features, ctx());
    });
    b.startStep();
    b.finishStep();
    expect(b.current(0)).toBe(0);
    tf.tidy(() => {
      b.apply(0, tf.tensor1d([10]), features, ctx());
    });
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a decay outside [0, 1)', () => {
    expect(() => new MovingAverageBaseline(1)).toThrow('baselineDecay must be in [0, 1), got 1');
  });
});

describe('leaveOneOutBaseline', () => {
  it('gives each particle the mean of f over the other particles of its row', () => {
    const b = leaveOneOutBaseline('estimators/leave-one-out');
    // S = 3 particles × 2 rows, particle-major: row 0 has f = 1, 2, 6; row 1 has f = 0, 3, 9.
    const value = tf.tidy(() => b.apply(0, tf.tensor1d([1, 0, 2, 3, 6, 9]), features, ctx(3)).value);
    expect(Array.from(value.dataSync())).toEqual([4, 6, 3.5, 4.5, 1.5, 1.5]);
    value.dispose();
  });

  it('needs at least two particles and one f per sample', () => {
    const b = leaveOneOutBaseline('estimators/leave-one-out');
    const f = tf.tensor1d([1, 2, 3]);
    expect(() => b.apply(0, f, features, ctx(1))).toThrow(
      'estimators/leave-one-out needs nParticles >= 2 (the baseline of each sample is the mean of the others), got 1',
    );
    expect(() => b.apply(0, f, features, ctx(2))).toThrow(
      'estimators/leave-one-out: f must have one value per sample ([nParticles × rows]), got shape [3] with nParticles = 2',
    );
    f.dispose();
  });
});

describe('LearnedBaseline', () => {
  it('creates one network per site at its first call, adds a zero-valued training term and frees its variables', () => {
    const before = tf.memory().numTensors;
    const b = new LearnedBaseline(4);
    expect(b.variables()).toHaveLength(0);
    const { value, term } = tf.tidy(() =>
      b.apply(
        0,
        tf.tensor1d([1, 2]),
        () =>
          tf.tensor2d([
            [0.5, 1],
            [-1, 2],
          ]),
        ctx(),
      ),
    );
    expect(b.variables().map((v) => v.shape)).toEqual([[2, 4], [4], [4, 1], [1]]);
    // Zero-initialised output layer and no moving average yet: b = 0.
    expect(Array.from(value.dataSync())).toEqual([0, 0]);
    expect(Array.from(term.dataSync())).toEqual([0, 0]);
    tf.dispose([value, term]);
    tf.tidy(() => {
      b.apply(1, tf.tensor1d([1, 2]), () => tf.ones([2, 3]), ctx());
    });
    expect(b.variables()).toHaveLength(8);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a non-positive number of hidden units', () => {
    expect(() => new LearnedBaseline(0)).toThrow('baselineHiddenUnits must be an integer >= 1, got 0');
  });
});

describe('baseline edge cases', () => {
  it('MovingAverageBaseline with decay 0 is the mean of f of the last step; decays outside [0, 1) are rejected', () => {
    const before = tf.memory().numTensors;
    const b = new MovingAverageBaseline(0);
    for (const m of [3, -5]) {
      b.startStep();
      tf.tidy(() => {
        b.apply(0, tf.tensor1d([m - 2, m + 2]), features, ctx());
      });
      b.finishStep();
      // a_t = m_t and 1 − 0^t = 1: b is the last mean exactly; the step's kept means are freed.
      expect(b.current(0)).toBe(m);
      expect(tf.memory().numTensors).toBe(before);
    }
    b.dispose();
    expect(() => new MovingAverageBaseline(-0.1)).toThrow('baselineDecay must be in [0, 1), got -0.1');
    expect(() => new MovingAverageBaseline(Number.NaN)).toThrow('baselineDecay must be in [0, 1), got NaN');
  });

  it('leaveOneOutBaseline rejects f of rank 2 even when its length divides by nParticles', () => {
    const b = leaveOneOutBaseline('estimators/leave-one-out');
    const f = tf.zeros([4, 1]);
    expect(() => b.apply(0, f, features, ctx(2))).toThrow(
      'estimators/leave-one-out: f must have one value per sample ([nParticles × rows]), got shape [4,1] with nParticles = 2',
    );
    f.dispose();
  });

  it('LearnedBaseline keeps one network per site across steps, draws w₁ ~ N(0, 1/inputs) and forgets its networks on dispose', () => {
    const before = tf.memory().numTensors;
    const b = new LearnedBaseline(1);
    const inputs = 400;
    for (let step = 0; step < 2; step++) {
      b.startStep();
      tf.tidy(() => {
        b.apply(0, tf.tensor1d([1, 2]), () => tf.ones([2, inputs]), ctx());
      });
      b.finishStep();
    }
    const variables = b.variables();
    expect(variables.map((v) => v.shape)).toEqual([[inputs, 1], [1], [1, 1], [1]]);
    // 400 draws of N(0, 1/400): the sample standard deviation is 0.05 with a standard error of 0.05/√800 ≈ 0.0018.
    const w1 = Array.from(variables[0].dataSync());
    const sd = Math.sqrt(w1.reduce((s, v) => s + v * v, 0) / w1.length);
    expect(Math.abs(sd - 1 / Math.sqrt(inputs))).toBeLessThan(0.01);
    b.dispose();
    expect(b.variables()).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new LearnedBaseline(1.5)).toThrow('baselineHiddenUnits must be an integer >= 1, got 1.5');
  });

  it('LearnedBaseline adds the moving average of f (decay 0.9) to its network, dropping an unfinished step', () => {
    const b = new LearnedBaseline(2);
    const x = () => tf.ones([2, 1]);
    const valueAt = (f: number[], finish: boolean) => {
      b.startStep();
      const v = tf.tidy(() => Array.from(b.apply(0, tf.tensor1d(f), x, ctx()).value.dataSync()));
      if (finish) b.finishStep();
      return v;
    };
    valueAt([10, 10], false);
    expect(valueAt([1, 3], true)).toEqual([0, 0]);
    // Only the finished step counts: a₁ = 0.1·2, corrected by 1 − 0.9; the output layer is still zero (untrained).
    valueAt([5, 5], false).forEach((v) => expect(v).toBeCloseTo(2, 5));
    b.dispose();
  });
});
