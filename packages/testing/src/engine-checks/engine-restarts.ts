import type { InferencePlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { finalObjectives, runEngine, withEngineRun, type InferencePluginFixtures } from './engine-fixtures.js';

/**
 * With `restarts = n > 1` (default 3) every trace entry carries its restart index 0..n−1 in order, each restart
 * is numbered from iteration 1, and the result keeps the restart with the highest final objective:
 * `objective = max_r final_r`, `bestRestart` is that restart, and `iterations` its number of iterations.
 */
export async function checkEngineRestarts(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  const n = fixtures.restarts ?? 3;
  const restartsSeen = new Set<number>();
  await withEngineRun(engine, fixtures, { restarts: n, options: { onStep: (i) => void restartsSeen.add(i.restarts) } }, ({ key, result }) => {
    const order = result.trace.map((e) => e.restart);
    expect(
      order.every((r) => r !== undefined),
      `${key}: with ${n} restarts every trace entry needs its restart index`,
    ).toBe(true);
    expect([...new Set(order)], `${key}: restart indices in the trace`).toEqual(Array.from({ length: n }, (_, r) => r));
    for (let t = 1; t < order.length; t++) expect(order[t]! >= order[t - 1]!, `${key}: restarts must run in order`).toBe(true);
    for (let r = 0; r < n; r++) {
      const its = result.trace.filter((e) => e.restart === r).map((e) => e.iteration);
      expect(its, `${key}: iterations of restart ${r}`).toEqual(Array.from({ length: its.length }, (_, i) => i + 1));
    }
    expect([...restartsSeen], `${key}: onStep's restarts field`).toEqual([n]);
    const finals = finalObjectives(result.trace);
    const best = Math.max(...finals.values());
    const summary = [...finals].map(([r, o]) => `restart ${r}: ${o}`).join(', ');
    expect(result.objective, `${key} kept an objective that is not the best final one (${summary})`).toBe(best);
    expect(finals.get(result.bestRestart), `${key}: bestRestart ${result.bestRestart} does not hold the reported objective (${summary})`).toBe(
      result.objective,
    );
    expect(result.iterations, `${key}: iterations must be those of the kept restart`).toBe(result.trace.filter((e) => e.restart === result.bestRestart).length);
  });
}

/** Two runs with the same seed (and `restarts` initialisations) give identical traces, objective and bestRestart. */
export async function checkEngineDeterminism(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  const n = fixtures.restarts ?? 3;
  const a = await runEngine(engine, fixtures, { restarts: n });
  a.fitted().dispose();
  const b = await runEngine(engine, fixtures, { restarts: n });
  b.fitted().dispose();
  expect(b.result.trace, `${a.key}: two runs with seed ${a.options.seed} gave different traces`).toEqual(a.result.trace);
  expect([b.result.objective, b.result.bestRestart, b.result.iterations]).toEqual([a.result.objective, a.result.bestRestart, a.result.iterations]);
}
