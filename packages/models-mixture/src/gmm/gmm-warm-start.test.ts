import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { toyMixtureData } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gmm } from './gaussian-mixture.js';
import type { FittedGmm } from './gmm-fitted.js';

const data = toyMixtureData({
  nRows: 200,
  seed: 4,
  means: [
    [-2, 0],
    [2, 1],
    [0, 4],
  ],
});
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('mixture/gmm warm start', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('continues EM where a fit stopped: 5 + 5 iterations retrace a 10-iteration fit', async () => {
    const registry = createRegistry().register(gmm, em);
    const params = { nComponents: 3, covarianceType: 'full' as const, tol: 0 };
    const before = tf.memory().numTensors;
    const ten = (await registry.create('mixture/gmm', { ...params, maxIter: 10 }).fit(data, { seed: 2 })) as FittedGmm;
    const five = (await registry.create('mixture/gmm', { ...params, maxIter: 5 }).fit(data, { seed: 2 })) as FittedGmm;
    const more = (await registry.continueFit(five, data)) as FittedGmm;
    // The saved engine parameters (maxIter 5, tol 0) apply again, and the run starts from five's state in memory:
    // the continued run's objectives are those of iterations 6..10, up to float32 noise in the E-step (~1e-7 relative).
    expect(more.trace.map((t) => t.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(more.info.engineParams).toEqual({ maxIter: 5, tol: 0 });
    for (let t = 0; t < 5; t++) expect(rel(more.trace[t].objective, ten.trace[t + 5].objective)).toBeLessThan(1e-6);
    more.means.flat().forEach((m, j) => expect(Math.abs(m - ten.means.flat()[j])).toBeLessThan(1e-4));
    more.covariances.flat(2).forEach((c, j) => expect(Math.abs(c - ten.covariances.flat(2)[j])).toBeLessThan(1e-4));
    expect(rel(more.score(data), ten.score(data))).toBeLessThan(1e-6);
    // Its first objective is the log-likelihood of the model it started from, which is unchanged.
    expect(rel(more.trace[0].objective, five.score(data))).toBeLessThan(1e-6);
    expect(five.iterations).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
    // FitOptions override the saved engine parameters.
    const two = await registry.continueFit(five, data, { maxIter: 2 });
    expect(two.trace).toHaveLength(2);
    expect(rel(two.trace[1].objective, ten.trace[6].objective)).toBeLessThan(1e-6);
  });

  it('runs once whatever nInit, and keeps the covariances on their type', async () => {
    const registry = createRegistry().register(gmm, em);
    const fitted = (await registry.create('mixture/gmm', { nComponents: 2, covarianceType: 'diag', nInit: 3, maxIter: 3, tol: 0 }).fit(data)) as FittedGmm;
    expect(new Set(fitted.trace.map((t) => t.restart)).size).toBe(3);
    const params = fitted.warmStartParams({ maxIter: 2 });
    expect(params.nInit).toBe(3);
    const more = (await registry.create('mixture/gmm', params).fit(data)) as FittedGmm;
    expect(more.trace).toHaveLength(2);
    expect(more.trace.every((t) => t.restart === undefined)).toBe(true);
    expect(more.covariances.every((m) => m[0][1] === 0 && m[1][0] === 0)).toBe(true);
  });

  it('says which starting values warmStart is missing, and checks their shapes', async () => {
    const model = createRegistry().register(gmm, em);
    await expect(
      model
        .create('mixture/gmm', {
          nComponents: 2,
          warmStart: true,
          meansInit: [
            [0, 0],
            [1, 1],
          ],
        })
        .fit(data),
    ).rejects.toThrow('mixture/gmm: warmStart=true needs weightsInit, meansInit and covariancesInit; missing weightsInit, covariancesInit');
    const eye = [
      [1, 0],
      [0, 1],
    ];
    await expect(model.create('mixture/gmm', { nComponents: 2, weightsInit: [0.7, 0.2] }).fit(data)).rejects.toThrow(
      /weightsInit must be 2 non-negative numbers summing to 1/,
    );
    await expect(model.create('mixture/gmm', { nComponents: 2, covariancesInit: [eye, [[1, 0]]] }).fit(data)).rejects.toThrow(
      /covariancesInit matrix 2 must be 2×2/,
    );
  });

  it('replaces the initial weights and covariances by weightsInit and covariancesInit without warmStart', async () => {
    const registry = createRegistry().register(gmm, em);
    const means = [
      [-2, 0],
      [2, 1],
      [0, 4],
    ];
    const eye = [
      [1, 0],
      [0, 1],
    ];
    const given = (await registry
      .create('mixture/gmm', { nComponents: 3, meansInit: means, weightsInit: [0.2, 0.3, 0.5], covariancesInit: [eye, eye, eye], maxIter: 1 })
      .fit(data)) as FittedGmm;
    const plain = (await registry.create('mixture/gmm', { nComponents: 3, meansInit: means, maxIter: 1 }).fit(data)) as FittedGmm;
    expect(given.trace[0].objective).not.toBeCloseTo(plain.trace[0].objective, 3);
    // The start is (the given weights, the means of the nearest-mean assignment, the given covariances).
    const sums = means.map(() => [0, 0, 0]);
    for (let i = 0; i < data.nRows; i++) {
      const x = [data.values[2 * i], data.values[2 * i + 1]];
      const dist = means.map((m) => (x[0] - m[0]) ** 2 + (x[1] - m[1]) ** 2);
      const c = dist.indexOf(Math.min(...dist));
      sums[c] = [sums[c][0] + x[0], sums[c][1] + x[1], sums[c][2] + 1];
    }
    const start = sums.map(([a, b, n]) => [a / n, b / n]);
    const warm = (await registry
      .create('mixture/gmm', { nComponents: 3, warmStart: true, meansInit: start, weightsInit: [0.2, 0.3, 0.5], covariancesInit: [eye, eye, eye], maxIter: 1 })
      .fit(data)) as FittedGmm;
    expect(rel(given.trace[0].objective, warm.trace[0].objective)).toBeLessThan(1e-6);
  });
});
