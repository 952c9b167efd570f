import { pluginKey, type EstimatorPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { countTensors } from '../count-tensors.js';
import { createInstance, type EstimatorPluginFixtures } from './estimator-fixtures.js';
import { runSteps, type SiteStep } from './estimator-steps.js';

const allFinite = (v: ArrayLike<number>): boolean => Array.prototype.every.call(v, Number.isFinite) as boolean;

function checkStep(key: string, s: SiteStep): void {
  const at = `${key}, ${s.latent} site, step ${s.step}`;
  expect(s.zShape, `${at}: z must have the parameters' shape`).toEqual(s.paramShape);
  expect(allFinite(s.z), `${at}: z has non-finite values`).toBe(true);
  if (s.latent !== 'gaussian') {
    const outside = Array.from(s.z).filter((v) => v < -1e-6 || v > 1 + 1e-6);
    expect(outside, `${at}: ${s.latent} samples must lie in [0, 1]`).toEqual([]);
  }
  if (s.latent === 'categorical') {
    const k = s.paramShape[1];
    for (let i = 0; i < s.n; i++) {
      const sum = Array.from(s.z.subarray(i * k, (i + 1) * k)).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - 1), `${at}: categorical sample ${i} must sum to 1, sums to ${sum}`).toBeLessThan(1e-4);
    }
  }
  expect(s.surrogateShape, `${at}: surrogate(f) must have f's shape [n]`).toEqual([s.n]);
  // float32 rounding of the zero-valued terms a surrogate may add (a baseline's training term): relative 1e-4.
  s.f.forEach((f, i) =>
    expect(Math.abs(s.surrogate[i] - f), `${at}: surrogate(f) must have the value of f at sample ${i}: ${s.surrogate[i]} vs ${f}`).toBeLessThanOrEqual(
      1e-4 * (1 + Math.abs(f)),
    ),
  );
  expect(allFinite(s.grad), `${at}: the gradient of the surrogate has non-finite values`).toBe(true);
  for (const [name, g] of Object.entries(s.ownGrads))
    if (g) expect(allFinite(g), `${at}: the gradient of the estimator's variable ${name} has non-finite values`).toBe(true);
}

/**
 * For every latent type in `supports`, three training steps of one instance (as the engine runs them) on 5 rows × the
 * estimator's minimum particles give samples of the parameters' shape (in [0, 1] for Bernoulli, rows summing to 1
 * for categorical), a surrogate of shape [n] with the value of f, and a finite, non-zero gradient with respect to the
 * parameters (finite for the estimator's own variables) that is not zero at all three steps.
 */
export async function checkEstimatorSamples(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): Promise<void> {
  const key = pluginKey(plugin);
  for (const latent of plugin.supports) {
    const instance = createInstance(plugin, fixtures);
    try {
      const steps = runSteps(plugin, instance, latent, fixtures);
      for (const s of steps) checkStep(key, s);
      // One step may give exactly zero (leave-one-out when a row's particles draw the same category), not all three.
      expect(
        steps.some((s) => s.grad.some((g) => g !== 0)),
        `${key}, ${latent} site: the surrogate's gradient with respect to the parameters is zero at every step (is z or the surrogate cut off from them?)`,
      ).toBe(true);
    } finally {
      instance.dispose();
    }
  }
}

/**
 * No tensor leaks: for each supported latent type, create, three training steps and dispose leave
 * `tf.memory().numTensors` where it was (measured after one warm-up round).
 */
export async function checkEstimatorNoLeaks(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): Promise<void> {
  const round = () => {
    for (const latent of plugin.supports) {
      const instance = createInstance(plugin, fixtures);
      try {
        runSteps(plugin, instance, latent, fixtures);
      } finally {
        instance.dispose();
      }
    }
  };
  round();
  const before = countTensors();
  round();
  const d = countTensors() - before;
  if (d !== 0) throw new Error(`${pluginKey(plugin)} leaks tensors: create, steps and dispose() changed tf.memory().numTensors by ${d}`);
}
