import { em } from '@latentkit/inference';
import { dde } from '@latentkit/models-dde';
import { createRegistry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { formErrors, formFields, formParams, initialValues } from './form-fields.js';

// The Deep Discrete Encoder's form: list-valued and keyword parameters (`layers: 'auto'`), and the object-typed
// `likelihoods` map, which the form shows as a JSON text area.
const registry = createRegistry().register(em, dde);
const fields = formFields(dde, registry);
const input = (values: Record<string, string | boolean>) => ({ values: { ...initialValues(fields), ...values }, engine: 'inference/em', seed: '0', label: '' });
const field = (name: string) => fields.find((f) => f.name === name)!;

describe('the dde/dde train form', () => {
  it('has an input per parameter, with list defaults as JSON and likelihoods as an optional JSON object', () => {
    expect(fields.map((f) => f.name)).toEqual(Object.keys(dde.params));
    expect([field('layers').type, field('layers').defaultText]).toEqual(['array', '[6,2]']);
    expect([field('lambda').defaultText, field('tau').defaultText]).toEqual(['auto', 'auto']);
    expect(field('likelihoods')).toMatchObject({ type: 'object', optional: true, defaultText: '' });
    expect(field('sampler').options).toEqual(['gibbs', 'reference-jacobi']);
    expect(formErrors(registry, 'dde/dde', fields, input({}))).toEqual({});
  });

  it('round-trips the JSON object of likelihoods through the registry', () => {
    const values = input({ likelihoods: ' {"x1": "poisson", "x2": "normal"} ', layers: 'auto', lambda: '[2, 1]' }).values;
    const params = formParams(fields, values);
    expect(params.likelihoods).toBe('{"x1": "poisson", "x2": "normal"}');
    const validated = registry.validate('dde/dde', params, { coerce: true });
    expect(validated).toMatchObject({ likelihoods: { x1: 'poisson', x2: 'normal' }, layers: 'auto', lambda: [2, 1] });
    expect(formErrors(registry, 'dde/dde', fields, input({ likelihoods: '{"x1": "poisson"}', layers: 'auto' }))).toEqual({});
  });

  it.each([
    ['likelihoods', '{"x1": "gamma"}'],
    ['likelihoods', '["poisson"]'],
    ['likelihoods', '{x1: poisson'],
    ['layers', '[6, 0]'],
    ['lambda', 'often'],
  ])('puts a bad %s (%s) on its own input, in one line', (name, text) => {
    const errors = formErrors(registry, 'dde/dde', fields, input({ [name]: text }));
    expect(Object.keys(errors)).toEqual([name]);
    expect(errors[name]).toMatch(new RegExp(`^${name}=`));
    expect(errors[name]).not.toContain('\n');
  });
});
