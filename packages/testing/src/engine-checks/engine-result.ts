import type { InferencePlugin, StepInfo } from '@latentkit/registry';
import { expect } from 'vitest';
import { withEngineRun, type InferencePluginFixtures } from './engine-fixtures.js';

/**
 * One fit without restarts resolves to a complete result: `engine` is the engine's key, `seed` the one given,
 * `cancelled` false, `bestRestart` 0, `iterations` in 1..maxIter (equal to maxIter unless `converged`), the trace
 * numbered 1..iterations with finite objectives, `objective` equal to the last one, and `seconds` finite.
 */
export async function checkEngineResult(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  await withEngineRun(engine, fixtures, {}, ({ key, result, options }) => {
    expect(result.engine, `${key}: result.engine`).toBe(key);
    expect(result.seed, `${key}: result.seed`).toBe(options.seed);
    expect(result.cancelled, `${key}: result.cancelled without a signal`).toBe(false);
    expect(result.bestRestart, `${key}: result.bestRestart with one restart`).toBe(0);
    expect(typeof result.converged, `${key}: result.converged`).toBe('boolean');
    expect(
      Number.isInteger(result.iterations) && result.iterations >= 1 && result.iterations <= options.maxIter,
      `${key}: iterations ${result.iterations} not in 1..${options.maxIter}`,
    ).toBe(true);
    if (!result.converged)
      expect(result.iterations, `${key}: a fit that neither converged nor was cancelled must run maxIter iterations`).toBe(options.maxIter);
    expect(
      result.trace.map((e) => e.iteration),
      `${key}: trace iterations`,
    ).toEqual(Array.from({ length: result.iterations }, (_, i) => i + 1));
    for (const e of result.trace) expect(Number.isFinite(e.objective), `${key}: objective ${e.objective} at iteration ${e.iteration}`).toBe(true);
    expect(result.objective, `${key}: result.objective must be the last traced objective`).toBe(result.trace.at(-1)!.objective);
    expect(Number.isFinite(result.seconds) && result.seconds >= 0, `${key}: seconds = ${result.seconds}`).toBe(true);
    expect(result.state, `${key}: result.state`).toBeDefined();
  });
}

/**
 * `onStep` is called (and awaited) once per traced iteration, with the iteration, objective, delta (NaN first,
 * then the change of the objective), restart index, number of restarts and maxIter.
 */
export async function checkEngineOnStep(engine: InferencePlugin, fixtures: InferencePluginFixtures): Promise<void> {
  const infos: StepInfo[] = [];
  let pending = 0;
  let overlapped = false;
  const onStep = async (info: StepInfo): Promise<void> => {
    if (pending > 0) overlapped = true;
    pending += 1;
    await new Promise((r) => setTimeout(r, 0));
    infos.push(info);
    pending -= 1;
  };
  await withEngineRun(engine, fixtures, { options: { onStep } }, ({ key, result, options }) => {
    expect(overlapped, `${key} called onStep again before the promise of the previous call settled`).toBe(false);
    expect(pending, `${key} resolved before the promise of its last onStep call settled`).toBe(0);
    expect(
      infos.map((i) => i.iteration),
      `${key}: onStep iterations`,
    ).toEqual(result.trace.map((e) => e.iteration));
    expect(
      infos.map((i) => i.objective),
      `${key}: onStep objectives`,
    ).toEqual(result.trace.map((e) => e.objective));
    expect(Number.isNaN(infos[0].delta), `${key}: delta of the first step must be NaN`).toBe(true);
    for (let t = 1; t < infos.length; t++) expect(infos[t].delta, `${key}: delta at iteration ${t + 1}`).toBe(infos[t].objective - infos[t - 1].objective);
    for (const i of infos) {
      expect([i.restart, i.restarts, i.maxIter], `${key}: restart, restarts, maxIter of onStep`).toEqual([0, 1, options.maxIter]);
      expect(Number.isFinite(i.elapsedMs)).toBe(true);
    }
  });
}
