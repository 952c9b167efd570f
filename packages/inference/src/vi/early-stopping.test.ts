import { initBackend, type DenseDataset } from '@latentkit/core';
import type { EngineOptions, ModelInstance, ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeAll } from '../driver/tensor-state.js';
import type { ViParams } from './vi-params.js';
import { fitVi } from './vi.js';

beforeAll(async () => {
  await initBackend();
});

// A scripted model: loss = −θ, so SGD adds the learning rate to θ at every step; the reported training ELBO is θ
// before the step, the held-out ELBO is −(θ − target)², and afterStep counts the steps in a non-variable tensor.
interface ScriptState {
  readonly theta: tf.Variable;
  readonly count: tf.Tensor;
}

function scripted(settings: Partial<ViParams>, target = 3): ModelInstance<unknown, ScriptState> {
  const terms: ViTerms<ScriptState, { n: number }> = {
    prepare: (data) => ({ n: data.nRows }),
    nRows: (p) => p.n,
    init: () => tf.tidy(() => ({ theta: tf.variable(tf.scalar(0)), count: tf.scalar(0) })),
    variables: (s) => [s.theta],
    loss: (s) => ({ loss: tf.neg(s.theta) as tf.Scalar, elbo: tf.clone(s.theta) as tf.Scalar }),
    afterStep: (s) => ({ theta: s.theta, count: tf.add(s.count, 1) }),
    evaluate: (s) => ({ elbo: -((s.theta.dataSync()[0] - target) ** 2) }),
  };
  return {
    params: {},
    terms: { vi: terms },
    engineDefaults: { 'inference/vi': { maxIter: 20, batchSize: 100, learningRate: 1, optimizer: 'sgd', ...settings } },
    fitted: () => ({}) as never,
  };
}

const rows: DenseDataset = { kind: 'dense', nRows: 4, nCols: 1, values: Float64Array.from([1, 2, 3, 4]), columns: ['x'] };
/** Options of a direct call without `maxIter`, so that the model's `engineDefaults` set the epochs. */
const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, tol: 0, ...o }) as EngineOptions;
const read = (s: ScriptState) => [s.theta.dataSync()[0], s.count.dataSync()[0]];

describe('inference/vi early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best epoch, variables and other tensors', async () => {
    const before = tf.memory().numTensors;
    const r = await fitVi(scripted({ validationFraction: 0.5, patience: 2 }), rows, options());
    // Held-out ELBO after epochs 1..5: θ = 1..5 → −4, −1, 0, −1, −4; epoch 5 is the second without improvement.
    expect(r.trace.map((e) => e.objective)).toEqual([-4, -1, -0, -1, -0]);
    expect([r.iterations, r.converged, r.objective]).toEqual([5, true, -0]);
    expect(read(r.state)).toEqual([3, 3]);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restores the best epoch when the epochs run out first', async () => {
    const before = tf.memory().numTensors;
    const r = await fitVi(scripted({ validationFraction: 0.5, patience: 10, maxIter: 4 }, 2), rows, options());
    expect(r.trace.map((e) => e.objective)).toEqual([-1, -0, -1, -0]);
    expect([r.iterations, r.converged]).toEqual([4, false]);
    expect(read(r.state)).toEqual([2, 2]);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the last epoch when it is the best', async () => {
    const before = tf.memory().numTensors;
    const r = await fitVi(scripted({ validationFraction: 0.25, maxIter: 3 }, 10), rows, options());
    expect(r.trace.map((e) => e.objective)).toEqual([-81, -64, -49]);
    expect(read(r.state)).toEqual([3, 3]);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the snapshot of a cancelled fit and keeps its last epoch', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const r = await fitVi(
      scripted({ validationFraction: 0.5, patience: 5 }),
      rows,
      options({ signal: controller.signal, onStep: (i) => void (i.iteration === 5 && controller.abort()) }),
    );
    expect([r.cancelled, r.iterations]).toEqual([true, 5]);
    expect(read(r.state)).toEqual([5, 5]);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds out round(fraction · n) rows and trains on the others', async () => {
    const seen: number[] = [];
    const model = scripted({ validationFraction: 0.25, maxIter: 1 });
    const terms = model.terms.vi!;
    const spy = { ...model, terms: { vi: { ...terms, prepare: (d: DenseDataset) => (seen.push(d.nRows), terms.prepare(d)) } } } as ModelInstance<
      unknown,
      ScriptState
    >;
    const r = await fitVi(spy, rows, options());
    expect(seen).toEqual([3, 1]);
    disposeAll(r.state);
  });
});

describe('inference/vi learning-rate schedules', () => {
  for (const [label, schedule, rates] of [
    ['constant', { lrSchedule: 'constant' }, [1, 1, 1, 1, 1]],
    ['step', { lrSchedule: 'step', lrStepSize: 2, lrGamma: 0.5 }, [1, 1, 0.5, 0.5, 0.25]],
    ['exponential', { lrSchedule: 'exponential', lrGamma: 0.5 }, [1, 0.5, 0.25, 0.125, 0.0625]],
  ] as const) {
    it(`applies the ${label} schedule per epoch`, async () => {
      // One SGD step per epoch on loss −θ: θ grows by each epoch's rate, and each epoch reports θ before its step.
      const r = await fitVi(scripted({ maxIter: 5, ...schedule }), rows, options());
      const cumulative = rates.map((_, e) => rates.slice(0, e).reduce((a, b) => a + b, 0));
      expect(r.trace.map((t) => t.objective)).toEqual(cumulative);
      expect(r.state.theta.dataSync()[0]).toBe(rates.reduce((a, b) => a + b, 0));
      disposeAll(r.state);
    });
  }
});
