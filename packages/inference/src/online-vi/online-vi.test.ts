import type { DenseDataset } from '@latentkit/core';
import type { EngineOptions, ModelInstance, OnlineViTerms } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { fitOnlineVi, onlineVi, stepSize } from './online-vi.js';

/** State: how many minibatch updates it has seen; `update` records the step sizes and batch sizes it is given. */
interface Counted {
  readonly updates: number;
}

function counting(log: { rho: number[]; sizes: number[] }): OnlineViTerms<Counted, number> {
  return {
    prepare: (data) => data.nRows,
    nRows: (n) => n,
    init: () => ({ updates: 0 }),
    update: (s, _n, batch, rho) => {
      log.rho.push(rho);
      log.sizes.push(batch.length);
      return { updates: s.updates + 1 };
    },
    objective: (s) => -1 / (1 + s.updates),
    updatesDone: (s) => s.updates,
  };
}

const data: DenseDataset = { kind: 'dense', nRows: 10, nCols: 1, values: new Float64Array(10), columns: ['x'] };
const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, maxIter: 2, tol: 0, ...o });

describe('inference/online-vi', () => {
  it('takes batchSize, learningOffset and learningDecay from the model’s engineDefaults or the resolved engineParams', async () => {
    const log = { rho: [] as number[], sizes: [] as number[] };
    const model: ModelInstance<unknown, Counted> = {
      params: {},
      terms: { onlineVi: counting(log) },
      engineDefaults: { 'inference/online-vi': { batchSize: 4, learningOffset: 1, learningDecay: 1 } },
      fitted: () => ({}) as never,
    };
    await fitOnlineVi(model, data, options());
    // 10 rows in minibatches of 4: 4, 4, 2 per pass; ρ_t = (1 + t)^−1.
    expect(log.sizes).toEqual([4, 4, 2, 4, 4, 2]);
    expect(log.rho).toEqual([1, 2, 3, 4, 5, 6].map((t) => 1 / (1 + t)));
    log.sizes.length = 0;
    await fitOnlineVi(model, data, options({ maxIter: 1, engineParams: { ...onlineVi.defaults, maxIter: 1, batchSize: 5 } }));
    expect(log.sizes).toEqual([5, 5]);
  });

  it('continues a fitted state with the step size after the updates it has seen, and declares so', async () => {
    const log = { rho: [] as number[], sizes: [] as number[] };
    const model: ModelInstance<unknown, Counted> = { params: {}, terms: { onlineVi: counting(log) }, fitted: () => ({}) as never };
    const r = await fitOnlineVi(model, data, options({ maxIter: 1, initialState: { updates: 7 } }));
    // One pass of the default batch size 128 is one update, the 8th: ρ_8 = (10 + 8)^−0.7.
    expect(log.rho).toEqual([stepSize(8, onlineVi.defaults)]);
    expect(r.state).toEqual({ updates: 8 });
    expect(onlineVi.continues).toBe(true);
  });
});
