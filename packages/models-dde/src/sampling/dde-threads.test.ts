import { createRng, liveWorkers } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { saem } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { dde } from '../dde.js';
import { ddeDefaults } from '../dde-params.js';
import type { FittedDde } from '../fitted/dde-fitted.js';
import { ddeSaemTerms } from '../saem/dde-saem-terms.js';
import type { DdeStats } from '../stats/dde-stats.js';
import type { DdeChain } from './dde-chain.js';
import { closeDdeSampling, cutDdeBlocks, DDE_MIN_ROWS_PER_THREAD, DDE_ROW_BLOCK, ddeThreads, openDdeSampling, simulateBlocks } from './dde-threads.js';

const registry = createRegistry().register(dde, saem);

describe('the DDE simulation step on block-pool threads', () => {
  it('cuts rows into blocks of DDE_ROW_BLOCK and gives each thread at least DDE_MIN_ROWS_PER_THREAD rows', () => {
    const { data } = ddeTwoLayer({ n: 2 * DDE_ROW_BLOCK + 7, likelihood: 'bernoulli', seed: 1 });
    const prepared = ddeSaemTerms({ ...ddeDefaults, layers: [6, 2] }).prepare(data);
    const blocks = cutDdeBlocks(prepared.data);
    expect(blocks.map((b) => [b.first, b.data.nRows])).toEqual([
      [0, DDE_ROW_BLOCK],
      [DDE_ROW_BLOCK, DDE_ROW_BLOCK],
      [2 * DDE_ROW_BLOCK, 7],
    ]);
    expect(blocks[1].data.values).toEqual(prepared.data.values.subarray(DDE_ROW_BLOCK * 18, 2 * DDE_ROW_BLOCK * 18));
    expect(ddeThreads(8, 2 * DDE_MIN_ROWS_PER_THREAD - 1)).toBe(1);
    expect(ddeThreads(8, 3 * DDE_MIN_ROWS_PER_THREAD)).toBe(3);
    expect(ddeThreads(2, 100 * DDE_MIN_ROWS_PER_THREAD)).toBe(2);
    expect(prepared.sampling.pool).toBeNull();
  });

  for (const [sampler, counts] of [
    ['gibbs', [1, 2, 8]],
    ['reference-jacobi', [1, 2]],
  ] as const)
    it(`draws the same chain and statistics, bit for bit, on ${counts.join(', ')} threads (${sampler}, 2 draws per row)`, async () => {
      const n = 8 * DDE_ROW_BLOCK + 37;
      const { data } = ddeTwoLayer({ n, likelihood: 'bernoulli', seed: 2 });
      const terms = ddeSaemTerms({ ...ddeDefaults, layers: [6, 2], sampler });
      const prepared = terms.prepare(data);
      const { state, chain } = terms.init(prepared, createRng(3));
      const runs: { chain: DdeChain; stats: DdeStats }[][] = [];
      for (const threads of counts) {
        const sampling = openDdeSampling(prepared.data, { threads }, 1);
        expect(sampling.pool?.workers ?? 0).toBe(threads === 1 ? 0 : threads);
        try {
          const steps = [];
          let c = chain;
          for (let t = 1; t <= 2; t++) {
            const step = await simulateBlocks(sampling, state, c, createRng(10 + t), { sampler, samples: 2 });
            steps.push(step);
            c = step.chain;
          }
          runs.push(steps);
        } finally {
          await closeDdeSampling(sampling);
        }
      }
      expect(liveWorkers()).toBe(0);
      for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
      expect(runs[0][0].stats.totalWeight).toBe(n);
      expect(runs[0][1].chain.latents[0]).not.toEqual(chain.latents[0]);
    });

  it('fits the same model, bit for bit, with 1 and 2 threads when the rows warrant two threads', async () => {
    const { data } = ddeTwoLayer({ n: 2 * DDE_MIN_ROWS_PER_THREAD, likelihood: 'bernoulli', seed: 4 });
    const fits: FittedDde[] = [];
    const workers: number[] = [];
    for (const threads of [1, 2]) {
      const model = registry.create('dde/dde', { layers: [6, 2] });
      let seen = 0;
      const onStep = () => void (seen = Math.max(seen, liveWorkers()));
      fits.push((await model.fit(data, { seed: 5, threads, onStep, engine: 'inference/saem', engineParams: { maxIter: 3, minIter: 1 } })) as FittedDde);
      workers.push(seen);
    }
    expect(workers).toEqual([0, 2]);
    expect(fits[1].state).toEqual(fits[0].state);
    expect(fits[1].trace).toEqual(fits[0].trace);
    expect(fits[0].trace).toHaveLength(3);
    expect(liveWorkers()).toBe(0);
  });
});
