import { em } from '@latentkit/inference';
import { createRegistry, defineModel, int, real, API_VERSION, oneOf, bool, numberMatrix } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { formErrors, formFields, formParams, initialValues } from './form-fields.js';

// A plugin with one parameter of every spec type, so the test does not depend on a real model's parameter list.
const demo = defineModel({
  meta: { id: 'demo', namespace: 'test', name: 'demo', version: '1.0.0', apiVersion: API_VERSION },
  params: {
    nComponents: int({ min: 1, description: 'Clusters.' }),
    rate: real({ exclusiveMin: 0, max: 1 }),
    kind: oneOf(['full', 'diag']),
    warm: bool(),
    init: numberMatrix(),
  },
  defaults: { nComponents: 2, rate: 0.5, kind: 'full', warm: false, init: null as number[][] | null },
  data: { kind: 'dense' },
  supports: ['inference/em'],
  create: () => {
    throw new Error('not used');
  },
  restore: () => {
    throw new Error('not used');
  },
});
const registry = createRegistry().register(em, demo);
const fields = formFields(demo);
const input = (values: Record<string, string | boolean>, seed = '0') => ({
  values: { ...initialValues(fields), ...values },
  engine: 'inference/em',
  seed,
  label: '',
});

describe('formFields', () => {
  it('generates one input per parameter spec with its range and default', () => {
    expect(fields).toEqual([
      { name: 'nComponents', type: 'integer', description: 'Clusters.', range: 'an integer >= 1', defaultText: '2', optional: false, min: 1 },
      { name: 'rate', type: 'number', range: 'a number > 0 and <= 1', defaultText: '0.5', optional: false, min: 0, max: 1, exclusiveMin: true },
      { name: 'kind', type: 'string', range: "one of 'full', 'diag'", defaultText: 'full', optional: false, options: ['full', 'diag'] },
      { name: 'warm', type: 'boolean', range: 'true or false', defaultText: 'false', optional: false },
      { name: 'init', type: 'array', range: 'a JSON array of rows of numbers', defaultText: '', optional: true },
    ]);
  });

  it('starts from the defaults', () => {
    expect(initialValues(fields)).toEqual({ nComponents: '2', rate: '0.5', kind: 'full', warm: false, init: '' });
  });
});

describe('formParams', () => {
  it('keeps text for the registry to coerce and leaves empty inputs to their defaults', () => {
    expect(formParams(fields, { nComponents: ' 3 ', rate: '', kind: 'diag', warm: true, init: '' })).toEqual({ nComponents: '3', kind: 'diag', warm: true });
  });
});

describe('formErrors', () => {
  it('accepts the defaults', () => {
    expect(formErrors(registry, 'test/demo', fields, input({}))).toEqual({});
  });

  it("reports each invalid field with the registry's range message", () => {
    expect(formErrors(registry, 'test/demo', fields, input({ nComponents: '0', rate: '0', init: '[[1, 2], oops' }, '-1'))).toEqual({
      nComponents: 'nComponents=0 is invalid: expected an integer >= 1',
      rate: 'rate=0 is invalid: expected a number > 0 and <= 1',
      init: 'init=[[1, 2], oops is invalid: expected a JSON array of rows of numbers',
      seed: 'seed="-1" is invalid: expected an integer >= 0 and <= 4294967295',
    });
  });

  it('rejects fractions for integers and text for numbers', () => {
    const errors = formErrors(registry, 'test/demo', fields, input({ nComponents: '2.5', rate: 'abc' }));
    expect(errors.nComponents).toBe('nComponents=2.5 is invalid: expected an integer >= 1');
    expect(errors.rate).toBe('rate=abc is invalid: expected a number > 0 and <= 1');
  });
});
