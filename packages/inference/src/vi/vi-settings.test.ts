import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { holdOut } from './holdout.js';
import { disposeSnapshot, restoreSnapshot, takeSnapshot } from './state-snapshot.js';
import { resolveViSettings } from './vi-settings.js';

beforeAll(async () => {
  await initBackend();
});

describe('resolveViSettings', () => {
  it('fills the defaults and caps the epochs at maxIter', () => {
    expect(resolveViSettings({ epochs: 50, batchSize: 64, learningRate: 1e-3 }, 20)).toEqual({
      epochs: 20,
      batchSize: 64,
      learningRate: 1e-3,
      optimizer: 'adam',
      learningRateSchedule: { kind: 'constant' },
      beta: 1,
      klWarmupEpochs: 0,
      nParticles: 1,
      estimator: 'estimators/reparam',
      estimatorOptions: {},
      temperature: { initial: 1, min: 0.5, rate: 1e-4 },
      validationFraction: 0,
      patience: 10,
    });
    expect(resolveViSettings(undefined, 7)).toMatchObject({ epochs: 7, batchSize: 128, learningRate: 1e-3 });
  });

  for (const [settings, message] of [
    [{ epochs: 0 }, 'inference/vi: epochs must be an integer >= 1, got 0'],
    [{ learningRate: -1 }, 'inference/vi: learningRate must be a number > 0, got -1'],
    [{ optimizer: 'lbfgs' }, `inference/vi: optimizer must be 'adam' or 'sgd', got "lbfgs"`],
    [{ learningRateSchedule: { kind: 'step', stepSize: 0, gamma: 0.5 } }, 'inference/vi: learningRateSchedule.stepSize must be an integer >= 1, got 0'],
    [{ nParticles: 1.5 }, 'inference/vi: nParticles must be an integer >= 1, got 1.5'],
    [{ validationFraction: 1 }, 'inference/vi: validationFraction must be in [0, 1), got 1'],
    [
      { temperature: { initial: 1, min: 0, rate: 0 } },
      'inference/vi: temperature must be initial > 0, min > 0 and rate >= 0, got {"initial":1,"min":0,"rate":0}',
    ],
  ] as const) {
    it(`rejects ${JSON.stringify(settings)}`, () => {
      expect(() => resolveViSettings({ epochs: 5, batchSize: 8, learningRate: 0.1, ...(settings as object) }, 100)).toThrow(message);
    });
  }
});

describe('holdOut', () => {
  const data: DenseDataset = { kind: 'dense', nRows: 10, nCols: 1, values: Float64Array.from({ length: 10 }, (_, i) => i), columns: ['x'] };

  it('splits the rows by a seeded permutation, keeping their order', () => {
    const { train, valid } = holdOut(data, 0.3, createRng(1));
    expect([train.nRows, valid.nRows]).toEqual([7, 3]);
    expect([...train.values, ...valid.values].sort((a, b) => a - b)).toEqual(Array.from(data.values));
    expect(Array.from(valid.values)).toEqual([...valid.values].sort((a, b) => a - b));
    expect(holdOut(data, 0.3, createRng(1)).valid.values).toEqual(valid.values);
    expect(holdOut(data, 0.01, createRng(1)).valid.nRows).toBe(1);
  });
});

describe('state snapshots', () => {
  it('copy non-variable tensors, remember variable values and restore them', () => {
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const other = tf.scalar(5);
    const snap = takeSnapshot({ nested: { v, list: [other, 3] }, stats: new Float64Array(2) });
    tf.tidy(() => v.assign(tf.tensor1d([7, 8])));
    other.dispose();
    const restored = restoreSnapshot(snap);
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    expect(restored.nested.v).toBe(v);
    expect((restored.nested.list[0] as tf.Tensor).dataSync()[0]).toBe(5);
    expect(restored.stats).toBeInstanceOf(Float64Array);
    tf.dispose([v, restored.nested.list[0] as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('free an unused snapshot, and refuse states with tensors inside class instances', () => {
    const before = tf.memory().numTensors;
    const t = tf.scalar(1);
    disposeSnapshot(takeSnapshot({ t }));
    class Holder {
      readonly t = t;
    }
    expect(() => takeSnapshot({ h: new Holder() })).toThrow(
      'inference/vi: early stopping copies the model state, which must be plain objects and arrays holding tensors',
    );
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
