import { describe, expect, it } from 'vitest';
import { klWeightAt, learningRateAt, temperatureAt } from './schedules.js';

describe('schedules', () => {
  it('decay the learning rate per epoch', () => {
    const step = { learningRate: 0.1, lrSchedule: 'step', lrStepSize: 10, lrGamma: 0.5 } as const;
    expect([0, 9, 10, 25].map((e) => learningRateAt(e, step))).toEqual([0.1, 0.1, 0.05, 0.025]);
    const exponential = { learningRate: 2, lrSchedule: 'exponential', lrStepSize: 10, lrGamma: 0.5 } as const;
    expect([0, 1, 3].map((e) => learningRateAt(e, exponential))).toEqual([2, 1, 0.25]);
    expect(learningRateAt(7, { ...step, learningRate: 0.3, lrSchedule: 'constant' })).toBe(0.3);
  });

  it('warm the KL weight up linearly over klWarmupEpochs and hold β afterwards', () => {
    const s = { beta: 4, klWarmupEpochs: 2 };
    expect([0, 5, 10, 19, 20, 100].map((t) => klWeightAt(t, 10, s))).toEqual([0, 1, 2, 3.8, 4, 4]);
    expect(klWeightAt(0, 10, { beta: 4, klWarmupEpochs: 0 })).toBe(4);
  });

  it('anneal the temperature exponentially down to its floor', () => {
    const s = { temperatureInitial: 1, temperatureMin: 0.5, temperatureRate: 0.1 };
    expect(temperatureAt(0, s)).toBe(1);
    expect(temperatureAt(5, s)).toBeCloseTo(Math.exp(-0.5), 15);
    expect(temperatureAt(7, s)).toBe(0.5);
    expect(temperatureAt(0)).toBe(1);
    expect(temperatureAt(5000)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(temperatureAt(1e4)).toBe(0.5);
  });
});
