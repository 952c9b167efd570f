import { initBackend, type DenseDataset, type Rng } from '@latentkit/core';
import type { EngineOptions, ModelInstance, StepInfo } from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitGibbs, gibbs, type GibbsChainTerms } from './gibbs.js';

beforeAll(async () => {
  await initBackend();
});

const data: DenseDataset = { kind: 'dense', nRows: 1, nCols: 1, values: Float64Array.of(0), columns: ['x'] };
const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, maxIter: 7, tol: 1e-3, ...o });

/** A chain whose state counts its sweeps and records each sweep's first uniform draw; the objective is the count. */
interface CountState {
  readonly t: number;
  readonly draws: readonly number[];
}

function counter(sweeps?: number): ModelInstance<unknown, CountState> {
  const terms: GibbsChainTerms<CountState, null> = {
    ...(sweeps !== undefined && { sweeps }),
    prepare: () => null,
    init: () => ({ t: 0, draws: [] }),
    sweep: (s: CountState, _p: null, rng: Rng) => ({ state: { t: s.t + 1, draws: [...s.draws, rng.uniform()] }, objective: s.t + 1 }),
  };
  return { params: {}, terms: { gibbs: terms }, fitted: () => ({}) as never };
}

describe('inference/gibbs', () => {
  it('runs maxIter sweeps, with tol ignored (a chain is not monotone)', async () => {
    const steps: StepInfo[] = [];
    const r = await fitGibbs(counter(), data, options({ tol: 10, onStep: (i) => void steps.push(i) }));
    // The objective rises by 1 per sweep, so a tol of 10 would stop any convergence-checking engine after 2 sweeps.
    expect([r.iterations, r.state.t, r.trace.length, r.converged]).toEqual([7, 7, 7, false]);
    expect(steps.map((s) => s.maxIter)).toEqual(Array(7).fill(7));
  });

  it("runs the terms' own number of sweeps in place of maxIter", async () => {
    const steps: StepInfo[] = [];
    const r = await fitGibbs(counter(12), data, options({ maxIter: 3, onStep: (i) => void steps.push(i) }));
    expect([r.iterations, r.state.t, r.trace.length]).toEqual([12, 12, 12]);
    expect(r.trace.map((e) => e.objective)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Progress reports the chain's real length.
    expect(steps.at(-1)).toMatchObject({ iteration: 12, maxIter: 12 });
  });

  it('draws each sweep from its own child generator, reproducibly from the seed', async () => {
    const a = await fitGibbs(counter(5), data, options({ seed: 3 }));
    const b = await fitGibbs(counter(5), data, options({ seed: 3 }));
    const c = await fitGibbs(counter(5), data, options({ seed: 4 }));
    expect(a.state.draws).toEqual(b.state.draws);
    expect(new Set(a.state.draws).size).toBe(5);
    expect(c.state.draws).not.toEqual(a.state.draws);
  });

  it('rejects a chain length that is not a positive integer', async () => {
    await expect(fitGibbs(counter(0), data, options())).rejects.toThrow('inference/gibbs: the number of sweeps must be an integer >= 1, got 0');
    await expect(fitGibbs(counter(2.5), data, options())).rejects.toThrow(/got 2\.5/);
  });

  it('keeps 200 sweeps as the default for models that set neither sweeps nor maxIter', () => {
    expect(gibbs.defaults.maxIter).toBe(200);
  });
});
