import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { estimatorKey } from './estimator-plugin.js';
import { createEstimator, estimatorPlugin, estimatorPlugins } from './estimator-plugins.js';

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

  it('rejects too few particles for leave-one-out', () => {
    expect(() => createEstimator('estimators/leave-one-out', { nParticles: 1 })).toThrow('estimators/leave-one-out needs nParticles >= 2, got 1');
    createEstimator('estimators/leave-one-out', { nParticles: 2, latents: ['categorical'] }).dispose();
  });
});
