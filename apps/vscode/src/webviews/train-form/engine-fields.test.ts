import { em, estimatorPlugins, reparam, vi } from '@latentkit/inference';
import { API_VERSION, createRegistry, defineEstimator, defineModel, registryKey } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { engineFields, engineFieldsByKey, formErrors, formFields, formParams } from './form-fields.js';

/** A user's estimator plugin, registered beside the built-in ones (reparameterisation under another key). */
const myReinforce = defineEstimator({ ...reparam, meta: { ...reparam.meta, id: 'my-reinforce', name: 'my-estimators' } });

const notUsed = (): never => {
  throw new Error('not used');
};

/** A model with an estimator hyperparameter that refuses one built-in estimator, as the VAEs' do. */
const withEstimator = defineModel({
  meta: { id: 'demo-vae', namespace: 'test', name: 'demo', version: '1.0.0', apiVersion: API_VERSION },
  params: { estimator: registryKey({ choices: ['estimators/reparam', 'estimators/score-function'], exclude: ['estimators/straight-through'] }) },
  defaults: { estimator: 'estimators/reparam' },
  data: { kind: 'dense' },
  supports: ['inference/vi'],
  create: notUsed,
  restore: notUsed,
});

const registry = createRegistry().register(em, vi, ...estimatorPlugins, myReinforce, withEstimator);

describe('engineFields', () => {
  it("lists the engine's own parameters, empty by default so that the model's defaults apply", () => {
    const fields = engineFields(registry, 'inference/vi');
    expect(fields.map((f) => f.name)).toEqual(Object.keys(vi.params));
    const lr = fields.find((f) => f.name === 'learningRate')!;
    expect(lr).toMatchObject({
      type: 'number',
      defaultText: '0.001',
      optional: true,
      placeholder: "the model's default, else 0.001",
      min: 0,
      exclusiveMin: true,
    });
    expect(fields.find((f) => f.name === 'optimizer')!.options).toEqual(['adam', 'sgd']);
    expect(engineFields(registry, 'inference/em').map((f) => f.name)).toEqual(['maxIter', 'tol']);
    expect(Object.keys(engineFieldsByKey(registry, ['inference/em', 'inference/vi']))).toEqual(['inference/em', 'inference/vi']);
  });

  it('offers every registered estimator plugin as the estimator, plugin estimators included', () => {
    const options = engineFields(registry, 'inference/vi').find((f) => f.name === 'estimator')!.options;
    expect(options).toEqual([
      'estimators/reparam',
      'estimators/score-function',
      'estimators/leave-one-out',
      'estimators/straight-through',
      'estimators/gumbel-softmax',
      'estimators/my-reinforce',
    ]);
  });

  it("offers the registered estimator plugins in a model's estimator hyperparameter too, less the ones it refuses", () => {
    const options = formFields(withEstimator, registry)[0].options;
    expect(options).toEqual([
      'estimators/reparam',
      'estimators/score-function',
      'estimators/gumbel-softmax',
      'estimators/leave-one-out',
      'estimators/my-reinforce',
    ]);
    expect(formFields(withEstimator)[0].options).toEqual(['estimators/reparam', 'estimators/score-function']);
  });

  it('passes only the filled-in engine values, and reports a bad one under engine.<name>', () => {
    const fields = engineFields(registry, 'inference/vi');
    expect(formParams(fields, { batchSize: '', optimizer: 'sgd', learningRate: ' 0.01 ' })).toEqual({ optimizer: 'sgd', learningRate: '0.01' });
    const input = { values: {}, engine: 'inference/vi', engineValues: { learningRate: '0', optimizer: '' }, seed: '0', label: '' };
    expect(formErrors(registry, 'test/demo-vae', formFields(withEstimator, registry), input, fields)).toEqual({
      'engine.learningRate': 'learningRate=0 is invalid: expected a number > 0',
    });
  });
});
