import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { defineInference, int, type InferencePlugin } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInferencePlugin } from './check-inference-plugin.js';
import { checkEngineCancellation, checkEngineNoLeaks } from './engine-checks/engine-cancellation.js';
import { checkEngineContract } from './engine-checks/engine-contract.js';
import { finalObjectives, runEngine, type InferencePluginFixtures } from './engine-checks/engine-fixtures.js';
import { checkEngineOnStep, checkEngineResult } from './engine-checks/engine-result.js';
import { checkEngineDeterminism, checkEngineRestarts } from './engine-checks/engine-restarts.js';
import { toyMixture } from './toy/toy-mixture.js';
import { toyMixtureData } from './toy/toy-mixture-data.js';

const fixtures: InferencePluginFixtures = {
  model: toyMixture,
  data: () => toyMixtureData({ nRows: 60, seed: 3, means: [[-3], [0], [3]] }),
  params: { nComponents: 3 },
};

checkInferencePlugin(em, fixtures);

/** `em` with its fit replaced by `fit(original)`. */
const wrap = (fit: (original: InferencePlugin['fit']) => InferencePlugin['fit']): InferencePlugin => defineInference({ ...em, fit: fit(em.fit) });

beforeAll(async () => {
  await initBackend();
});

describe('the engine checks catch broken engines', () => {
  it('an engine that ignores the abort signal fails checkEngineCancellation', async () => {
    const deaf = wrap((fit) => (model, data, options) => fit(model, data, { ...options, signal: undefined }));
    await expect(checkEngineCancellation(deaf, fixtures)).rejects.toThrow(/result.cancelled after an abort/);
  });

  it('an engine that keeps the first restart instead of the best fails checkEngineRestarts', async () => {
    // Two iterations from random rows leave the three restarts at different objectives (checked below).
    const short: InferencePluginFixtures = { ...fixtures, maxIter: 2, tol: 0, seed: 1 };
    const reference = await runEngine(em, short, { restarts: 3 });
    reference.fitted().dispose();
    const finals = finalObjectives(reference.result.trace);
    expect(finals.get(0)).toBeLessThan(Math.max(...finals.values()));
    const first = wrap((fit) => async (model, data, options) => {
      const r = await fit(model, data, options);
      const kept = r.trace.filter((e) => e.restart === 0);
      return { ...r, bestRestart: 0, objective: kept.at(-1)!.objective, iterations: kept.length };
    });
    await expect(checkEngineRestarts(first, short)).rejects.toThrow(
      /kept an objective that is not the best final one \(restart 0: .*, restart 1: .*, restart 2: .*\)/,
    );
    await expect(checkEngineRestarts(em, short)).resolves.toBeUndefined();
  });

  it('an engine that leaks a tensor per fit fails checkEngineNoLeaks', async () => {
    const leaky = wrap((fit) => async (model, data, options) => (tf.keep(tf.scalar(1)), fit(model, data, options)));
    await expect(checkEngineNoLeaks(leaky, fixtures)).rejects.toThrow(
      /leaks tensors: a fit \+ dispose\(\) changed tf.memory\(\).numTensors by 1; a cancelled fit/,
    );
  });

  it('an engine that reports another key fails checkEngineResult', async () => {
    const misnamed = wrap((fit) => async (model, data, options) => ({ ...(await fit(model, data, options)), engine: 'inference/other' }));
    await expect(checkEngineResult(misnamed, fixtures)).rejects.toThrow(/result.engine/);
  });

  it('an engine that does not await onStep fails checkEngineOnStep', async () => {
    const hasty = wrap((fit) => (model, data, options) => fit(model, data, { ...options, onStep: (i) => void options.onStep?.(i) }));
    await expect(checkEngineOnStep(hasty, fixtures)).rejects.toThrow(/called onStep again before the promise of the previous call settled/);
  });

  it('an engine that is not seeded fails checkEngineDeterminism', async () => {
    const unseeded = wrap((fit) => (model, data, options) => fit(model, data, { ...options, seed: Math.floor(Math.random() * 2 ** 31) }));
    await expect(checkEngineDeterminism(unseeded, fixtures)).rejects.toThrow(/two runs with seed 0 gave different traces/);
  });

  it('an engine with the wrong API version fails checkEngineContract', async () => {
    await expect(checkEngineContract({ ...em, meta: { ...em.meta, apiVersion: 0 } })).rejects.toThrow(/meta.apiVersion/);
    await expect(checkEngineContract({ ...em, defaults: { maxIter: 0, tol: 1e-3 } })).rejects.toThrow(/defaults.maxIter/);
  });

  it('an engine whose defaults do not fit its params fails checkEngineContract', async () => {
    const params = { ...em.params, restartsPerRun: int({ min: 1 }) };
    const engine = { ...em, params, defaults: { ...em.defaults, restartsPerRun: 0 } };
    await expect(checkEngineContract(engine)).rejects.toThrow(
      'inference/em: its defaults do not fit its params: inference/em: parameter restartsPerRun=0 is invalid: expected an integer >= 1',
    );
  });

  it('a model without the required terms is reported before fitting', async () => {
    const noTerms = { ...toyMixture, create: (p: any) => ({ ...toyMixture.create(p), terms: {} }) };
    await expect(runEngine(em, { ...fixtures, model: noTerms })).rejects.toThrow('the fixture model toy/mixture lacks the terms inference/em requires: em');
  });
});
