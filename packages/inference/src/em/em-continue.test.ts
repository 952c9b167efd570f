import { initBackend, type DenseDataset } from '@latentkit/core';
import type { EmTerms, EngineOptions, ModelInstance } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeAll } from '../driver/tensor-state.js';
import { em, fitEm } from './em.js';

beforeAll(async () => {
  await initBackend();
});

/** A two-component mixture of unit-variance Gaussians on the line; its state is tensors, as a fitted model holds them. */
interface TwoMeans {
  readonly means: tf.Tensor1D;
  readonly weights: tf.Tensor1D;
}

const normal = (x: number, mu: number) => Math.exp(-0.5 * (x - mu) ** 2) / Math.sqrt(2 * Math.PI);

const terms: EmTerms<TwoMeans, Float64Array, Float64Array> = {
  prepare: (data) => Float64Array.from((data as DenseDataset).values),
  init: (x, rng) => ({ means: tf.tensor1d([x[rng.int(x.length)], x[rng.int(x.length)] + 1]), weights: tf.tensor1d([0.5, 0.5]) }),
  eStep: (s, x) => {
    const [m0, m1] = s.means.dataSync();
    const [w0, w1] = s.weights.dataSync();
    let logLik = 0;
    const r = x.map((xi) => {
      const a = w0 * normal(xi, m0);
      const b = w1 * normal(xi, m1);
      logLik += Math.log(a + b);
      return b / (a + b);
    });
    return { stats: r, objective: logLik / x.length };
  },
  mStep: (_s, r, x) => {
    const n1 = r.reduce((a, b) => a + b, 0);
    const n0 = x.length - n1;
    const s1 = x.reduce((a, xi, i) => a + r[i] * xi, 0);
    const s0 = x.reduce((a, xi) => a + xi, 0) - s1;
    return { means: tf.tensor1d([s0 / n0, s1 / n1]), weights: tf.tensor1d([n0 / x.length, n1 / x.length]) };
  },
};

const model: ModelInstance<unknown, TwoMeans> = { params: {}, terms: { em: terms }, fitted: () => ({}) as never };
const values = [-2.1, -1.7, -2.4, -0.9, -1.5, 1.2, 2.3, 1.9, 2.8, 0.4, 1.1, -2.9];
const data: DenseDataset = { kind: 'dense', nRows: values.length, nCols: 1, values: Float64Array.from(values), columns: ['x'] };
const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 3, maxIter: 12, tol: 0, ...o });
const read = (s: TwoMeans) => [...s.means.dataSync(), ...s.weights.dataSync()];

describe('inference/em continuing a fitted state', () => {
  it('declares that it continues', () => {
    expect(em.continues).toBe(true);
  });

  it('k iterations, then n − k more from that state, equal n iterations; the first state is left untouched', async () => {
    const before = tf.memory().numTensors;
    const full = await fitEm(model, data, options());
    const first = await fitEm(model, data, options({ maxIter: 5 }));
    const firstValues = read(first.state);
    const rest = await fitEm(model, data, options({ maxIter: 7, initialState: first.state }));
    expect(rest.iterations).toBe(7);
    const [got, want] = [read(rest.state), read(full.state)];
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 6);
    // The objective of iteration k + j of the continued run is that of iteration k + j of the uninterrupted one.
    rest.trace.forEach((e, j) => expect(e.objective).toBeCloseTo(full.trace[5 + j].objective, 6));
    // The engine ran from a copy (cloneState): the fitted model's tensors are alive and unchanged.
    expect([first.state.means.isDisposed, first.state.weights.isDisposed]).toEqual([false, false]);
    expect(read(first.state)).toEqual(firstValues);
    expect(rest.state.means).not.toBe(first.state.means);
    disposeAll([full.state, first.state, rest.state]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs once from the given state even when the model asks for restarts', async () => {
    const first = await fitEm({ ...model, restarts: 4 }, data, options({ maxIter: 3 }));
    const rest = await fitEm({ ...model, restarts: 4 }, data, options({ maxIter: 2, initialState: first.state }));
    expect([rest.bestRestart, new Set(rest.trace.map((e) => e.restart)).size, rest.trace.length]).toEqual([0, 1, 2]);
    disposeAll([first.state, rest.state]);
  });
});
