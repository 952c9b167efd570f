import { initBackend, type DenseDataset, type JsonValue } from '@latentkit/core';
import type { Checkpointer, EmTerms, ModelInstance } from '@latentkit/registry';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fitEm } from '../em/em.js';

beforeAll(async () => {
  await initBackend();
});

/** EM on a running mean: each step moves the state halfway to the data mean; the objective is minus the gap. */
const terms: EmTerms<{ mu: Float64Array }, number, number> = {
  prepare: (data) => (data as DenseDataset).values.reduce((a, b) => a + b, 0) / data.nRows,
  init: (_mean, rng) => ({ mu: Float64Array.of(rng.normal()) }),
  eStep: (s, mean) => ({ stats: (s.mu[0] + mean) / 2, objective: -Math.abs(s.mu[0] - mean) }),
  mStep: (_s, next) => ({ mu: Float64Array.of(next) }),
};
const model: ModelInstance<unknown, { mu: Float64Array }> = { params: {}, terms: { em: terms }, fitted: () => ({}) as never };
const data: DenseDataset = { kind: 'dense', nRows: 3, nCols: 1, values: Float64Array.of(1, 2, 6), columns: ['x'] };

/** A checkpointer that keeps the iteration of every body it is handed. */
const memory = (schedule: Pick<Checkpointer, 'everyIterations' | 'everyMinutes'> = {}) => {
  const written: JsonValue[] = [];
  const checkpointer: Checkpointer = {
    ...schedule,
    write: async (body) => {
      written.push(body);
    },
  };
  const iterations = () => written.map((b) => (b as { loop: { iterations: number } }).loop.iterations);
  return { checkpointer, written, iterations };
};

describe('checkpoints of the driver loop', () => {
  it('writes after every iteration by default and after every n-th with everyIterations', async () => {
    const every = memory();
    await fitEm(model, data, { seed: 1, maxIter: 4, tol: 0, checkpointer: every.checkpointer });
    expect(every.iterations()).toEqual([1, 2, 3, 4]);
    const third = memory({ everyIterations: 3 });
    await fitEm(model, data, { seed: 1, maxIter: 7, tol: 0, checkpointer: third.checkpointer });
    expect(third.iterations()).toEqual([3, 6]);
  });

  it('writes once everyMinutes have passed since the last write, on a clock that moves 25 s per iteration', async () => {
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const m = memory({ everyMinutes: 1 });
      await fitEm(model, data, { seed: 1, maxIter: 7, tol: 0, checkpointer: m.checkpointer, onStep: () => void (clock += 25_000) });
      expect(m.iterations()).toEqual([3, 6]);
    } finally {
      now.mockRestore();
    }
  });

  it('writes once more when the fit is cancelled between iterations, unless that iteration was just written', async () => {
    const controller = new AbortController();
    const m = memory({ everyIterations: 3 });
    const onStep = (info: { iteration: number }) => {
      if (info.iteration === 4) controller.abort();
    };
    const r = await fitEm(model, data, { seed: 1, maxIter: 9, tol: 0, checkpointer: m.checkpointer, signal: controller.signal, onStep });
    expect(r.cancelled).toBe(true);
    expect(m.iterations()).toEqual([3, 4]);
  });

  it('resumes from a body: the trace goes on from the saved iterations and the result equals the uninterrupted fit', async () => {
    const full = await fitEm(model, data, { seed: 1, maxIter: 6, tol: 0 });
    const m = memory({ everyIterations: 2 });
    await fitEm(model, data, { seed: 1, maxIter: 2, tol: 0, checkpointer: m.checkpointer });
    const resumed = await fitEm(model, data, { seed: 1, maxIter: 6, tol: 0, resume: m.written[0] });
    expect(resumed.trace).toEqual(full.trace);
    expect(resumed.state.mu).toEqual(full.state.mu);
    expect(resumed.iterations).toBe(6);
  });

  it('names the engine when a state cannot be encoded, and refuses a body it did not write', async () => {
    const odd: ModelInstance<unknown, { mu: Float64Array }> = {
      ...model,
      terms: { em: { ...terms, mStep: (_s, next) => ({ mu: Float64Array.of(next), cache: new Map() }) as never } },
    };
    await expect(fitEm(odd, data, { seed: 1, maxIter: 2, tol: 0, checkpointer: memory().checkpointer })).rejects.toThrow(
      'inference/em: cannot encode checkpoint.state.cache: it is a Map instance, not plain data',
    );
    await expect(fitEm(model, data, { seed: 1, maxIter: 2, tol: 0, resume: { something: 'else' } })).rejects.toThrow(
      "inference/em: the checkpoint's fit state is not one this engine wrote",
    );
  });
});
