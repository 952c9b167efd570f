import { describe, expect, it } from 'vitest';
import { describeSpec, REGISTRY_KEY_PATTERN, registryKey } from './params.js';
import { validateParams } from './validate-params.js';

describe('registryKey', () => {
  const spec = registryKey({
    choices: ['estimators/reparam', 'estimators/score-function'],
    exclude: ['estimators/gumbel-softmax'],
    description: 'Gradient estimator.',
  });
  const check = (estimator: unknown) => validateParams('toy/m', { estimator: spec }, { estimator: 'estimators/reparam' }, { estimator });

  it('is a JSON-Schema string with the key pattern, the choices as examples and the refused keys', () => {
    expect(spec).toEqual({
      type: 'string',
      pattern: REGISTRY_KEY_PATTERN,
      examples: ['estimators/reparam', 'estimators/score-function'],
      not: { enum: ['estimators/gumbel-softmax'] },
      description: 'Gradient estimator.',
    });
    expect(registryKey({ choices: ['a/b'], exclude: [] })).toEqual({ type: 'string', pattern: REGISTRY_KEY_PATTERN, examples: ['a/b'] });
  });

  it('accepts the choices and any other kebab-case key namespace/id', () => {
    for (const key of ['estimators/score-function', 'estimators/my-reinforce', 'my-lab/rebar-2']) expect(check(key)).toEqual({ estimator: key });
  });

  it('refuses excluded keys, non-keys and non-strings with one line naming the choices', () => {
    const expected =
      "expected one of 'estimators/reparam', 'estimators/score-function' or another registered plugin's key 'namespace/id', not 'estimators/gumbel-softmax'";
    expect(() => check('estimators/gumbel-softmax')).toThrow(`toy/m: parameter estimator='estimators/gumbel-softmax' is invalid: ${expected}`);
    for (const bad of ['reparam', 'Estimators/reparam', 'estimators/my_one', 'estimators/a/b', 'estimators/', 3])
      expect(() => check(bad), JSON.stringify(bad)).toThrow(`is invalid: ${expected}`);
    expect(describeSpec(registryKey({ choices: ['a/b'] }))).toBe("one of 'a/b' or another registered plugin's key 'namespace/id'");
  });
});
