import type { Fitted, ModelPlugin } from '@latentkit/registry';
import { countTensors } from '../count-tensors.js';
import { abortAfter, setupFit, type CheckSetup, type ModelPluginFixtures } from '../fixtures.js';

/** Run `call` and report how many tensors it left behind. */
function leakOf(name: string, call: () => unknown, found: string[]): void {
  const before = countTensors();
  call();
  const d = countTensors() - before;
  if (d !== 0) found.push(`${name} changed tf.memory().numTensors by ${d}`);
}

/** Fit (optionally cancelled), use every method of the fitted model, dispose; returns the leaks found per step. */
async function fitUseDispose(setup: CheckSetup, cancel: boolean): Promise<string[]> {
  const found: string[] = [];
  const { data, registry } = setup;
  const before = countTensors();
  const fitted: Fitted = await setup.fit(cancel ? abortAfter(2).options : {});
  try {
    leakOf('transform(data)', () => fitted.transform(data), found);
    leakOf('score(data)', () => fitted.score(data), found);
    leakOf('scores(data)', () => fitted.scores(data), found);
    leakOf('sample(5, seed)', () => fitted.sample(5, setup.seed), found);
    if (fitted.scoreSamples) leakOf('scoreSamples(data)', () => fitted.scoreSamples!(data), found);
    if (fitted.predict) leakOf('predict(data)', () => fitted.predict!(data), found);
    if (fitted.views) leakOf('views(data)', () => fitted.views!(data), found);
    leakOf('toJSON()', () => fitted.toJSON(), found);
    leakOf('registry.load(toJSON()) + dispose()', () => registry.load(JSON.parse(JSON.stringify(fitted.toJSON()))).dispose(), found);
  } finally {
    fitted.dispose();
  }
  const d = countTensors() - before;
  if (d !== 0) found.push(`${cancel ? 'a cancelled fit' : 'fit'} + dispose() changed tf.memory().numTensors by ${d}`);
  return found;
}

async function checkLeaks(plugin: ModelPlugin, fixtures: ModelPluginFixtures, cancel: boolean): Promise<void> {
  const setup = await setupFit(plugin, fixtures);
  // The first run may create tensors tfjs caches for good (kernels' constants); leaks show on the second.
  await fitUseDispose(setup, cancel);
  const found = await fitUseDispose(setup, cancel);
  if (found.length) throw new Error(`${setup.key} leaks tensors: ${found.join('; ')}`);
}

/**
 * No tensor leaks: `tf.memory().numTensors` is unchanged by `transform`, `score`, `scores`, `sample`, the
 * capabilities `scoreSamples`, `predict` and `views` where the model has them, `toJSON`
 * and load + dispose of a fitted model, and is back to its starting value after fit + `dispose()`.
 * Measured on a second run so that one-time caches do not count.
 */
export async function checkNoLeaks(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await checkLeaks(plugin, fixtures, false);
}

/** As {@link checkNoLeaks}, for a fit aborted from `onStep` after 2 iterations. */
export async function checkNoLeaksOnCancel(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await checkLeaks(plugin, fixtures, true);
}
