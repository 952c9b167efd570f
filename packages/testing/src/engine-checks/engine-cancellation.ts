import type { InferencePlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { countTensors } from '../count-tensors.js';
import { abortAfter } from '../fixtures.js';
import { runEngine, withEngineRun, type InferencePluginFixtures } from './engine-fixtures.js';

/**
 * Aborting from `onStep` at iteration 2 of restart 0 (tol 0; `restarts` initialisations) resolves with
 * `cancelled: true`, `iterations: 2`, no later restart started, and a state the model can score.
 */
export async function checkEngineCancellation(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  const { options } = abortAfter(2);
  await withEngineRun(engine, fixtures, { restarts: fixtures.restarts ?? 3, options }, ({ key, result, data }, fitted) => {
    expect(result.cancelled, `${key}: result.cancelled after an abort`).toBe(true);
    expect(result.iterations, `${key}: iterations after aborting at iteration 2`).toBe(2);
    expect(
      result.trace.map((e) => [e.restart ?? 0, e.iteration]),
      `${key}: trace after aborting at iteration 2 of restart 0`,
    ).toEqual([
      [0, 1],
      [0, 2],
    ]);
    const score = fitted.score(data);
    expect(Number.isFinite(score), `${key}: the cancelled state scores ${score}`).toBe(true);
  });
}

/**
 * No tensor leaks: after a fit (and after a cancelled fit) whose result is wrapped and disposed,
 * `tf.memory().numTensors` is back where it started. Measured after a warm-up run.
 */
export async function checkEngineNoLeaks(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  const runs = [
    { what: 'a fit', opts: { restarts: fixtures.restarts ?? 3 } },
    { what: 'a cancelled fit', opts: { restarts: fixtures.restarts ?? 3, options: abortAfter(2).options } },
  ];
  const found: string[] = [];
  for (const { what, opts } of runs) {
    const fresh = () => (opts.options ? { ...opts, options: abortAfter(2).options } : opts);
    (await runEngine(engine, fixtures, fresh())).fitted().dispose();
    const before = countTensors();
    (await runEngine(engine, fixtures, fresh())).fitted().dispose();
    const d = countTensors() - before;
    if (d !== 0) found.push(`${what} + dispose() changed tf.memory().numTensors by ${d}`);
  }
  if (found.length) throw new Error(`${engine.meta.namespace}/${engine.meta.id} leaks tensors: ${found.join('; ')}`);
}
