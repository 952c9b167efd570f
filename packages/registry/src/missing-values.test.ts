import { describe, expect, it } from 'vitest';
import { API_VERSION, type DataRequirements, type ModelPlugin } from './contract.js';
import { missingValueModels, unmetMissingNeeds } from './missing-values.js';
import { createRegistry } from './registry.js';

const model = (id: string, data: DataRequirements): ModelPlugin =>
  ({
    kind: 'model',
    meta: { id, namespace: 'toy', name: '@test/p', version: '1.0.0', apiVersion: API_VERSION },
    params: {},
    defaults: {},
    data,
    supports: ['inference/em'],
    create: () => {
      throw new Error('not used');
    },
    restore: () => {
      throw new Error('not used');
    },
  }) as unknown as ModelPlugin;

const exact = model('exact', { kind: 'dense', allowsMissing: true });
const em = model('em-only', { kind: 'dense', allowsMissing: true, allowsMissingWith: { method: 'em' } });
const complete = model('complete', { kind: 'dense', allowsMissing: false });
const silent = model('silent', { kind: 'dense' });

describe('unmetMissingNeeds', () => {
  it('is undefined for models without missing values, empty when the parameters fit them, else the values needed', () => {
    expect(unmetMissingNeeds(complete, {})).toBeUndefined();
    expect(unmetMissingNeeds(silent, {})).toBeUndefined();
    expect(unmetMissingNeeds(exact, { method: 'anything' })).toEqual({});
    expect(unmetMissingNeeds(em, { method: 'em' })).toEqual({});
    expect(unmetMissingNeeds(em, { method: 'closed-form' })).toEqual({ method: 'em' });
    expect(unmetMissingNeeds(em, {})).toEqual({ method: 'em' });
  });
});

describe('missingValueModels', () => {
  it('lists the registered models that declare allowsMissing, by key, with what they need', () => {
    const registry = createRegistry().register(silent, em, complete, exact);
    expect(missingValueModels(registry)).toEqual([
      { key: 'toy/em-only', needs: { method: 'em' } },
      { key: 'toy/exact', needs: {} },
    ]);
    expect(missingValueModels(createRegistry().register(complete))).toEqual([]);
  });
});
