import { initBackend } from '@latentkit/core';
import { estimatorPlugins, reparam, scoreFunction, stateless, stopGradient, straightThrough } from '@latentkit/inference';
import { defineEstimator, type EstimatorPlugin, type EstimatorSample, type GradientEstimator, type ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEstimatorPlugin } from './check-estimator-plugin.js';
import { checkEstimatorContract } from './estimator-checks/estimator-contract.js';
import { checkEstimatorNoLeaks, checkEstimatorSamples } from './estimator-checks/estimator-samples.js';
import { checkEstimatorUnbiased, GRADIENT_PROBLEMS } from './estimator-checks/estimator-unbiased.js';

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
    // Straight-through's bias on the Bernoulli problem is (0.097, −0.31) (see unbiasedness.test.ts in
    // @latentkit/inference), far beyond 4 standard errors.
    const claimed = defineEstimator({ ...straightThrough, supports: ['bernoulli'], unbiased: true });
    await expect(checkEstimatorUnbiased(claimed)).rejects.toThrow(
      /estimators\/straight-through is declared unbiased, but its mean gradient is off: Bernoulli problem .*, ∂\/∂ℓ₁: mean -0\.3\d+ vs exact -0\.42\d+/,
    );
    await expect(checkEstimatorUnbiased({ ...claimed, unbiased: false })).resolves.toBeUndefined();
  });

  it('a bias of 10% in one parameter of a noisy estimator fails; so does an estimator too noisy to resolve 10%', async () => {
    // The score-function estimator at its defaults (moving-average baseline, S = 1) with ∂/∂log σ₂ shifted by 10%:
    // δ·(log σ₂ − stopGradient(log σ₂)) added to every surrogate leaves its value and the other components alone.
    const delta = 0.1 * GRADIENT_PROBLEMS.gaussian.gradient[3];
    const shifted = defineEstimator({
      ...scoreFunction,
      supports: ['gaussian'],
      create: (params) => {
        const inner = scoreFunction.create(params);
        return new Proxy(inner, {
          get(target, name) {
            if (name === 'gaussian')
              return (loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext) => {
                const sample = target.gaussian!(loc, logScale, ctx);
                const last = tf.slice(logScale, [0, 1], [-1, 1]);
                const shift = tf.mul(delta, tf.reshape(tf.sub(last, stopGradient(last)), [-1]));
                return { z: sample.z, surrogate: (f: tf.Tensor) => tf.add(sample.surrogate(f), shift) };
              };
            const value = Reflect.get(target, name, target) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      },
    });
    await expect(checkEstimatorUnbiased(shifted)).rejects.toThrow(/Gaussian problem .*, ∂\/∂log σ₂: mean 3\.1\d+ vs exact 2\.88\d+/);
    // Reparameterisation plus zero-mean noise on ∂/∂μ₁ (300·(z₂ − μ₂), sd 360, drawn afresh with every sample):
    // unbiased, but 900,000 estimates cannot resolve 10%.
    const noisy = broken((s, loc) => {
      const first = tf.slice(loc, [0, 0], [-1, 1]);
      const noise = stopGradient(tf.mul(300, tf.sub(tf.slice(s.z, [0, 1], [-1, 1]), tf.slice(loc, [0, 1], [-1, 1]))));
      const shift = tf.mul(noise, tf.sub(first, stopGradient(first)));
      return { z: s.z, surrogate: (f) => tf.add(s.surrogate(f), tf.reshape(shift, [-1])) };
    });
    await expect(checkEstimatorUnbiased(defineEstimator({ ...noisy, unbiased: true }))).rejects.toThrow(
      /estimators\/broken is declared unbiased, but the check cannot tell: .*∂\/∂μ₁: too noisy to check: 900000 estimates resolve a bias of \d+% of the gradient, not 10%/,
    );
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
