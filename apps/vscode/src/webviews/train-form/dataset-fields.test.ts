import { datasetPlugins } from '@latentkit/datasets';
import { em } from '@latentkit/inference';
import { gmm } from '@latentkit/models-mixture';
import { API_VERSION, createRegistry, defineDataset, int, real } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { datasetFields, formErrors, formFields, formParams, initialValues } from './form-fields.js';

const notUsed = async (): Promise<never> => {
  throw new Error('not used');
};

/** A third-party dataset with options, shaped like `example/blobs` of the example plugin. */
const blobs = defineDataset({
  meta: { id: 'blobs', namespace: 'example', name: 'latentkit-plugin-example', version: '0.1.0', apiVersion: API_VERSION, description: 'Gaussian blobs' },
  params: { nRows: int({ min: 1 }), nClusters: int({ min: 1 }), clusterStd: real({ exclusiveMin: 0 }) },
  defaults: { nRows: 300, nClusters: 3, clusterStd: 1 },
  load: notUsed,
});

const registry = createRegistry({ warn: () => undefined }).register(em, gmm, ...datasetPlugins, blobs);
const modelFields = formFields(gmm);
const input = (datasetValues: Record<string, string | boolean>) => ({ values: initialValues(modelFields), engine: '', seed: '0', label: '', datasetValues });

describe("the training form's dataset options", () => {
  const fields = datasetFields(registry, 'example/blobs');

  it("are generated from the dataset plugin's params and defaults, with the hyperparameters' field kinds", () => {
    expect(fields.map((f) => [f.name, f.type, f.defaultText, f.min, f.exclusiveMin])).toEqual([
      ['nRows', 'integer', '300', 1, undefined],
      ['nClusters', 'integer', '3', 1, undefined],
      ['clusterStd', 'number', '1', 0, true],
    ]);
    expect(initialValues(fields)).toEqual({ nRows: '300', nClusters: '3', clusterStd: '1' });
    // A built-in dataset's options: an enum is a select, and an option without a default may be left empty.
    const iris = datasetFields(registry, 'datasets/iris');
    expect(iris.find((f) => f.name === 'missing')).toMatchObject({ type: 'string', options: ['error', 'nan'] });
    expect(iris.find((f) => f.name === 'columns')).toMatchObject({ type: 'array', optional: true });
  });

  it('are checked by the registry (validateDatasetOptions), each error under dataset.<name>', () => {
    const dataset = { key: 'example/blobs', fields };
    expect(formErrors(registry, 'mixture/gmm', modelFields, input({ nRows: '300', nClusters: '4', clusterStd: '1' }), [], dataset)).toEqual({});
    expect(formErrors(registry, 'mixture/gmm', modelFields, input({ nRows: '0', nClusters: '4', clusterStd: '0' }), [], dataset)).toEqual({
      'dataset.nRows': 'nRows=0 is invalid: expected an integer >= 1',
      'dataset.clusterStd': 'clusterStd=0 is invalid: expected a number > 0',
    });
    expect(formErrors(registry, 'mixture/gmm', modelFields, input({ nClusters: '2.5' }), [], dataset)).toEqual({
      'dataset.nClusters': 'nClusters=2.5 is invalid: expected an integer >= 1',
    });
  });

  it('give the values that go to the worker: text for the registry to coerce, empty ones left out', () => {
    expect(formParams(fields, { nRows: '300', nClusters: ' 4 ', clusterStd: '' })).toEqual({ nRows: '300', nClusters: '4' });
    expect(registry.validateDatasetOptions('example/blobs', { nRows: '300', nClusters: '4' }, { coerce: true })).toEqual({
      nRows: 300,
      nClusters: 4,
      clusterStd: 1,
    });
  });
});
