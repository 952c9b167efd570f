import { describe, expect, it } from 'vitest';
import { api1EngineDefaults } from './api1-engine-defaults.js';
import { defineInference } from './define.js';
import { resolveEngineParams } from './engine-params.js';
import { int, oneOf, real } from './params.js';

const notUsed = (): never => {
  throw new Error('not used');
};

/** An engine with some of the parameters of inference/vi. */
const vi = defineInference<Record<string, unknown>>({
  meta: { namespace: 'inference', id: 'vi', name: 'test', version: '1.0.0', apiVersion: 2 },
  params: {
    batchSize: int({ min: 1 }),
    learningRate: real({ exclusiveMin: 0 }),
    lrSchedule: oneOf(['constant', 'step']),
    lrStepSize: int({ min: 1 }),
    lrGamma: real(),
  },
  requires: [],
  defaults: { maxIter: 100, tol: 0, batchSize: 128, learningRate: 1e-3, lrSchedule: 'constant', lrStepSize: 10, lrGamma: 0.1 },
  fit: notUsed,
});

describe('api1EngineDefaults', () => {
  it('maps viSettings onto inference/vi parameters (epochs as maxIter, the schedule flattened) and schedule onto inference/online-vi', () => {
    const viSettings = { epochs: 20, batchSize: 64, learningRate: 0.01, learningRateSchedule: { kind: 'step', stepSize: 5, gamma: 0.5 } } as const;
    const schedule = { batchSize: 32, learningOffset: 5, learningDecay: 0.8 };
    expect(api1EngineDefaults({ viSettings, schedule })).toEqual({
      'inference/vi': { maxIter: 20, batchSize: 64, learningRate: 0.01, lrSchedule: 'step', lrStepSize: 5, lrGamma: 0.5 },
      'inference/online-vi': schedule,
    });
    expect(api1EngineDefaults({})).toEqual({});
  });

  it("counts as the model's defaults: below engineDefaults and the caller's parameters", () => {
    const instance = { viSettings: { epochs: 20, batchSize: 64, learningRate: 0.01 }, engineDefaults: { 'inference/vi': { batchSize: 16 } } };
    const resolved = resolveEngineParams('inference/vi', vi, instance, { engineParams: { learningRate: 0.5 } }, undefined as never);
    expect(resolved).toMatchObject({ maxIter: 20, batchSize: 16, learningRate: 0.5, lrSchedule: 'constant' });
  });
});
