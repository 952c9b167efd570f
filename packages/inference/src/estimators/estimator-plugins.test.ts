import { contractProblems, createRegistry, defineEstimator, type LatentKind } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { estimatorKey, stateless } from './estimator-plugin.js';
import { createEstimator, estimatorPlugin, estimatorPlugins, knownEstimators } from './estimator-plugins.js';
import { reparam, reparamGaussian } from './reparam.js';

/** A user's estimator plugin: reparameterisation under another key, needing `minParticles` particles. */
const userEstimator = (id: string, minParticles = 1, name = 'my-estimators', supports: readonly LatentKind[] = ['gaussian']) =>
  defineEstimator({
    meta: { namespace: 'estimators', id, name, version: '0.1.0', apiVersion: 2, description: 'reparameterisation again' },
    params: {},
    defaults: {},
    supports,
    pathwise: true,
    unbiased: true,
    minParticles,
    create: () => stateless({ key: `estimators/${id}`, pathwise: true, gaussian: reparamGaussian }),
  });

describe('estimator plugins', () => {
  it('are keyed estimators/<id>, carry the package identity and say whether they are unbiased', () => {
    expect(estimatorPlugins.map((p) => [estimatorKey(p), p.unbiased, p.minParticles])).toEqual([
      ['estimators/reparam', true, 1],
      ['estimators/score-function', true, 1],
      ['estimators/leave-one-out', true, 2],
      ['estimators/straight-through', false, 1],
      ['estimators/gumbel-softmax', false, 1],
    ]);
    for (const p of estimatorPlugins) {
      expect([p.kind, p.meta.name, p.meta.version, p.meta.namespace]).toEqual(['estimator', pkg.name, pkg.version, 'estimators']);
      expect(p.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      const instance = p.create();
      expect(instance.key).toBe(estimatorKey(p));
      expect(instance.pathwise).toBe(p.pathwise);
      for (const latent of ['gaussian', 'bernoulli', 'categorical'] as const) expect(typeof instance[latent] === 'function').toBe(p.supports.includes(latent));
      instance.dispose();
    }
  });

  it('describe themselves in a line (latentkit list shows it)', () => {
    for (const p of estimatorPlugins) expect(p.meta.description, estimatorKey(p)).toMatch(/^[A-Z][^\n]{20,}$/);
  });

  it('are registry plugins of kind estimator', () => {
    for (const p of estimatorPlugins) expect(contractProblems(p), estimatorKey(p)).toEqual([]);
    const registry = createRegistry().register(...estimatorPlugins);
    expect(registry.list('estimator').map((e) => e.key)).toEqual(estimatorPlugins.map(estimatorKey).sort());
    expect(registry.estimator('estimators/reparam')).toBe(reparam);
  });

  it('puts registered plugins after the built-ins, a registered key replacing the built-in of that key', () => {
    expect(knownEstimators()).toEqual(estimatorPlugins);
    const mine = userEstimator('my-reparam');
    const other = userEstimator('reparam', 1, 'other-estimators');
    expect(knownEstimators([mine, ...estimatorPlugins]).map(estimatorKey)).toEqual([...estimatorPlugins.map(estimatorKey), 'estimators/my-reparam']);
    const known = knownEstimators([other]);
    expect(known.map(estimatorKey)).toEqual(estimatorPlugins.map(estimatorKey));
    expect(known[0]).toBe(other);
  });

  it('resolves among the given plugins and names them in its errors', () => {
    const plugins = knownEstimators([userEstimator('my-reparam'), userEstimator('pairs', 3)]);
    expect(createEstimator('estimators/my-reparam', { latents: ['gaussian'], plugins }).key).toBe('estimators/my-reparam');
    expect(() => createEstimator('estimators/rebar', { plugins })).toThrow(
      "no gradient estimator 'estimators/rebar'; known estimators: estimators/reparam, estimators/score-function, estimators/leave-one-out, estimators/straight-through, estimators/gumbel-softmax, estimators/my-reparam, estimators/pairs",
    );
    expect(() => createEstimator('estimators/my-reparam', { latents: ['categorical'], plugins })).toThrow(
      'estimators/my-reparam cannot sample categorical latents; use one of estimators/score-function, estimators/leave-one-out, estimators/straight-through, estimators/gumbel-softmax',
    );
    expect(() => createEstimator('estimators/pairs', { nParticles: 2, plugins })).toThrow('estimators/pairs needs nParticles >= 3, got 2');
    expect(() => createEstimator('estimators/my-reparam', { latents: ['bernoulli'], plugins: [userEstimator('my-reparam')] })).toThrow(
      'estimators/my-reparam cannot sample bernoulli latents; no known estimator can',
    );
  });

  it('resolves a key, or names the known keys', () => {
    expect(estimatorPlugin('estimators/leave-one-out').meta.id).toBe('leave-one-out');
    expect(() => estimatorPlugin('estimators/rebar')).toThrow(
      "no gradient estimator 'estimators/rebar'; known estimators: estimators/reparam, estimators/score-function, estimators/leave-one-out, estimators/straight-through, estimators/gumbel-softmax",
    );
  });

  it('rejects latent types an estimator cannot sample, naming those that can', () => {
    expect(() => createEstimator('estimators/reparam', { latents: ['gaussian', 'bernoulli'] })).toThrow(
      'estimators/reparam cannot sample bernoulli latents; use one of estimators/score-function, estimators/leave-one-out, estimators/straight-through, estimators/gumbel-softmax',
    );
  });

  it('names as alternatives only the estimators that can sample every missing latent type', () => {
    // A user's plugin that samples Bernoulli but not categorical latents is no alternative for both.
    const bernoulliOnly = userEstimator('bernoulli-reinforce', 1, 'my-estimators', ['gaussian', 'bernoulli']);
    // The whole message (toThrow with a string matches a substring).
    expect(() => createEstimator('estimators/reparam', { latents: ['bernoulli', 'categorical'], plugins: [...estimatorPlugins, bernoulliOnly] })).toThrow(
      /^estimators\/reparam cannot sample bernoulli and categorical latents; use one of estimators\/score-function, estimators\/leave-one-out, estimators\/straight-through, estimators\/gumbel-softmax$/,
    );
  });

  it('rejects too few particles for leave-one-out', () => {
    expect(() => createEstimator('estimators/leave-one-out', { nParticles: 1 })).toThrow('estimators/leave-one-out needs nParticles >= 2, got 1');
    createEstimator('estimators/leave-one-out', { nParticles: 2, latents: ['categorical'] }).dispose();
  });
});
