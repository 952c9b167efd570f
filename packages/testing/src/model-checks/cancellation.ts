import type { ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { abortAfter, setupFit, type ModelPluginFixtures } from '../fixtures.js';

/**
 * Aborting the signal from `onStep` after 2 iterations (tol 0, so the fit cannot converge first) resolves,
 * not rejects, with a fitted model whose `iterations` is 2, whose trace holds those iterations, and that
 * transforms, scores and saves.
 */
export async function checkCancellation(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const setup = await setupFit(plugin, fixtures);
  const { key, data } = setup;
  const { options, controller } = abortAfter(2);
  const fitted = await setup.fit(options);
  try {
    expect(controller.signal.aborted, `${key}: onStep was never called with iteration 2 of restart 0`).toBe(true);
    expect(fitted.iterations, `${key}: iterations after aborting at iteration 2`).toBe(2);
    expect(
      fitted.trace.filter((e) => (e.restart ?? 0) === 0).map((e) => e.iteration),
      `${key}: trace after aborting at iteration 2`,
    ).toEqual([1, 2]);
    const score = fitted.score(data);
    expect(Number.isFinite(score), `${key}: score of the cancelled fit is ${score}`).toBe(true);
    expect(fitted.transform(data).nRows).toBe(data.nRows);
    expect(fitted.toJSON().format).toBe('latentkit-model');
  } finally {
    fitted.dispose();
  }
}
