import { initBackend } from '@latentkit/core';
import { estimatorPlugins, reparam, scoreFunction, stateless, stopGradient, straightThrough } from '@latentkit/inference';
import { defineEstimator, type EstimatorPlugin, type EstimatorSample, type GradientEstimator } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEstimatorPlugin } from './check-estimator-plugin.js';
import { checkEstimatorContract } from './estimator-checks/estimator-contract.js';
import { checkEstimatorNoLeaks, checkEstimatorSamples } from './estimator-checks/estimator-samples.js';
import { checkEstimatorUnbiased } from './estimator-checks/estimator-unbiased.js';

for (const plugin of estimatorPlugins) checkEstimatorPlugin(plugin);
checkEstimatorPlugin(scoreFunction, { options: { baseline: 'learned' } });

beforeAll(async () => {
  await initBackend();
});

/** A Gaussian-only estimator built from reparam's sampler, with `sample` rewritten by `change`. */
function broken(change: (sample: EstimatorSample, loc: tf.Tensor) => EstimatorSample, over: Partial<EstimatorPlugin> = {}): EstimatorPlugin {
  const inner = reparam.create();
  const gaussian: GradientEstimator['gaussian'] = (loc, logScale, ctx) => change(inner.gaussian!(loc, logScale, ctx), loc);
  return defineEstimator({
    ...reparam,
    meta: { ...reparam.meta, id: 'broken' },
    create: () => stateless({ key: 'estimators/broken', pathwise: true, gaussian }),
    ...over,
  });
}

describe('the estimator checks catch broken estimators', () => {
  it('a biased estimator declared unbiased fails checkEstimatorUnbiased', async () => {
    // Straight-through's bias on the Bernoulli problem is 0.047 (see unbiasedness.test.ts in @latentkit/inference),
    // about 30 standard errors of the mean of 20000 estimates.
    const claimed = defineEstimator({ ...straightThrough, supports: ['bernoulli'], unbiased: true });
    await expect(checkEstimatorUnbiased(claimed)).rejects.toThrow(
      /estimators\/straight-through is declared unbiased, but its mean gradient is off: Bernoulli problem .*, ∂\/∂ℓ: mean -0\.67\d+ vs exact -0\.72\d+/,
    );
    await expect(checkEstimatorUnbiased({ ...claimed, unbiased: false })).resolves.toBeUndefined();
  });

  it('an estimator whose surrogate is not f, or whose gradient is cut off, fails checkEstimatorSamples', async () => {
    await expect(checkEstimatorSamples(broken((s) => ({ z: s.z, surrogate: (f) => tf.mul(f, 2) })))).rejects.toThrow(
      /estimators\/broken, gaussian site, step 0: surrogate\(f\) must have the value of f at sample 0/,
    );
    await expect(checkEstimatorSamples(broken((s) => ({ z: stopGradient(s.z), surrogate: s.surrogate })))).rejects.toThrow(
      /the surrogate's gradient with respect to the parameters is zero at every step/,
    );
    await expect(checkEstimatorSamples(broken((s) => ({ z: tf.reshape(s.z, [-1]), surrogate: s.surrogate })))).rejects.toThrow(
      /z must have the parameters' shape/,
    );
  });

  it('an estimator that keeps a tensor per sample fails checkEstimatorNoLeaks', async () => {
    const leaky = broken((s) => (tf.keep(tf.scalar(1)), s));
    await expect(checkEstimatorNoLeaks(leaky)).rejects.toThrow(
      'estimators/broken leaks tensors: create, steps and dispose() changed tf.memory().numTensors by 3',
    );
  });

  it('an instance without the method of a supported latent type fails checkEstimatorContract', async () => {
    await expect(checkEstimatorContract(broken((s) => s, { supports: ['gaussian', 'bernoulli'] }))).rejects.toThrow(
      /estimators\/broken: the instance's sampling methods must be those of supports/,
    );
    await expect(checkEstimatorContract(broken((s) => s, { pathwise: false }))).rejects.toThrow(/create\(\)\.pathwise/);
    await expect(checkEstimatorContract(broken((s) => s, { supports: [] }))).rejects.toThrow(/does not fit the latentkit plugin contract: supports must list/);
  });
});
