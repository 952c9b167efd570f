import { describe, expect, it } from 'vitest';
import { klWeightAt, learningRateAt, temperatureAt } from './schedules.js';

describe('schedules', () => {
  it('decay the learning rate per epoch', () => {
    expect([0, 9, 10, 25].map((e) => learningRateAt(e, 0.1, { kind: 'step', stepSize: 10, gamma: 0.5 }))).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect([0, 1, 3].map((e) => learningRateAt(e, 2, { kind: 'exponential', gamma: 0.5 }))).toEqual([2, 1, 0.25]);
    expect(learningRateAt(7, 0.3)).toBe(0.3);
    expect(() => learningRateAt(0, 1, { kind: 'cosine' } as never)).toThrow(
      "learningRateSchedule.kind must be 'constant', 'step' or 'exponential', got \"cosine\"",
    );
  });

  it('warm the KL weight up linearly over klWarmupEpochs and hold β afterwards', () => {
    const s = { beta: 4, klWarmupEpochs: 2 };
    expect([0, 5, 10, 19, 20, 100].map((t) => klWeightAt(t, 10, s))).toEqual([0, 1, 2, 3.8, 4, 4]);
    expect(klWeightAt(0, 10, { beta: 4 })).toBe(4);
    expect(klWeightAt(3, 10, {})).toBe(1);
  });

  it('anneal the temperature exponentially down to its floor', () => {
    const s = { initial: 1, min: 0.5, rate: 0.1 };
    expect(temperatureAt(0, s)).toBe(1);
    expect(temperatureAt(5, s)).toBeCloseTo(Math.exp(-0.5), 15);
    expect(temperatureAt(7, s)).toBe(0.5);
    expect(temperatureAt(0)).toBe(1);
    expect(temperatureAt(5000)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(temperatureAt(1e4)).toBe(0.5);
  });
});
