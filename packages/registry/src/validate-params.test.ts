import { describe, expect, it } from 'vitest';
import { bool, describeSpec, int, intList, numberMatrix, oneOf, real, realList, stringMap, type ParamSpecs } from './params.js';
import { ParamError, validateParams } from './validate-params.js';

interface Params {
  nComponents: number;
  tol: number;
  alpha: number;
  covarianceType: 'full' | 'diag';
  verbose: boolean;
  meansInit: number[][] | null;
}

const specs: ParamSpecs<Params> = {
  nComponents: int({ min: 1 }),
  tol: real({ min: 0 }),
  alpha: real({ exclusiveMin: 0, max: 1 }),
  covarianceType: oneOf(['full', 'diag']),
  verbose: bool(),
  meansInit: numberMatrix(),
};
const defaults: Params = { nComponents: 1, tol: 1e-3, alpha: 0.5, covarianceType: 'full', verbose: false, meansInit: null };
const KEY = 'mixture/gmm';

const validate = (input: Record<string, unknown>, coerce = false) => validateParams(KEY, specs, defaults, input, { coerce });
/** The message of the ParamError `input` raises (fails the test if it raises nothing or something else). */
function messageOf(input: Record<string, unknown>, coerce = false): string {
  try {
    validate(input, coerce);
  } catch (e) {
    expect(e).toBeInstanceOf(ParamError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('validateParams', () => {
  it('fills defaults and keeps the given values', () => {
    expect(validate({})).toEqual(defaults);
    expect(validate({ nComponents: 3, covarianceType: 'diag' })).toEqual({ ...defaults, nComponents: 3, covarianceType: 'diag' });
    expect(validate({ nComponents: undefined })).toEqual(defaults);
    expect(
      validate({
        meansInit: [
          [1, 2],
          [3, 4],
        ],
      }).meansInit,
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('does not mutate the input or the defaults', () => {
    const input = { nComponents: '3' };
    validate(input, true);
    expect(input).toEqual({ nComponents: '3' });
    expect(defaults.nComponents).toBe(1);
  });

  it('coerces CLI strings when asked to', () => {
    expect(validate({ nComponents: '3', tol: '1e-4', verbose: 'true', covarianceType: 'diag' }, true)).toEqual({
      ...defaults,
      nComponents: 3,
      tol: 1e-4,
      verbose: true,
      covarianceType: 'diag',
    });
    expect(validate({ verbose: 'false' }, true).verbose).toBe(false);
    expect(validate({ meansInit: '[[1, 2], [3.5, -4]]' }, true).meansInit).toEqual([
      [1, 2],
      [3.5, -4],
    ]);
  });

  it('does not coerce without the option', () => {
    expect(messageOf({ nComponents: '3' })).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents='3' is invalid: expected an integer >= 1"`);
    expect(messageOf({ meansInit: '[[1]]' })).toMatchInlineSnapshot(
      `"mixture/gmm: parameter meansInit='[[1]]' is invalid: expected a JSON array of rows of numbers"`,
    );
  });

  it('names the parameter, the value and the allowed range', () => {
    expect(messageOf({ nComponents: 0 })).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents=0 is invalid: expected an integer >= 1"`);
    expect(messageOf({ tol: -1 })).toMatchInlineSnapshot(`"mixture/gmm: parameter tol=-1 is invalid: expected a number >= 0"`);
    expect(messageOf({ alpha: 0 })).toMatchInlineSnapshot(`"mixture/gmm: parameter alpha=0 is invalid: expected a number > 0 and <= 1"`);
    expect(messageOf({ alpha: 1.5 })).toMatchInlineSnapshot(`"mixture/gmm: parameter alpha=1.5 is invalid: expected a number > 0 and <= 1"`);
    expect(messageOf({ nComponents: '0' }, true)).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents='0' is invalid: expected an integer >= 1"`);
  });

  it('rejects a fraction for an integer parameter', () => {
    expect(messageOf({ nComponents: 2.5 })).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents=2.5 is invalid: expected an integer >= 1"`);
    expect(messageOf({ nComponents: '2.5' }, true)).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents='2.5' is invalid: expected an integer >= 1"`);
  });

  it('rejects non-finite numbers and shows them as such', () => {
    expect(messageOf({ tol: Number.NaN })).toMatchInlineSnapshot(`"mixture/gmm: parameter tol=NaN is invalid: expected a number >= 0"`);
    expect(messageOf({ tol: Infinity })).toMatchInlineSnapshot(`"mixture/gmm: parameter tol=Infinity is invalid: expected a number >= 0"`);
  });

  it('lists the options of an enum', () => {
    expect(messageOf({ covarianceType: 'tied' })).toMatchInlineSnapshot(
      `"mixture/gmm: parameter covarianceType='tied' is invalid: expected one of 'full', 'diag'"`,
    );
    expect(messageOf({ verbose: 'yes' }, true)).toMatchInlineSnapshot(`"mixture/gmm: parameter verbose='yes' is invalid: expected true or false"`);
  });

  it('rejects an unknown parameter and lists the known ones', () => {
    expect(messageOf({ nComponent: 2 })).toMatchInlineSnapshot(
      `"mixture/gmm: unknown parameter 'nComponent'; known parameters: nComponents, tol, alpha, covarianceType, verbose, meansInit"`,
    );
  });

  it('rejects malformed matrices, from JSON text or as values', () => {
    expect(messageOf({ meansInit: '[[1, 2]' }, true)).toMatchInlineSnapshot(
      `"mixture/gmm: parameter meansInit='[[1, 2]' is invalid: expected a JSON array of rows of numbers"`,
    );
    expect(messageOf({ meansInit: '[[1, "a"]]' }, true)).toMatchInlineSnapshot(
      `"mixture/gmm: parameter meansInit=[[1,"a"]] is invalid: expected a JSON array of rows of numbers"`,
    );
    expect(messageOf({ meansInit: [] })).toMatch(/meansInit=\[\] is invalid/);
    expect(messageOf({ meansInit: [[]] })).toMatch(/meansInit=\[\[\]\] is invalid/);
  });

  it('accepts null for a parameter whose default is null ("not given"), and only there', () => {
    expect(validate({ meansInit: null }).meansInit).toBeNull();
    expect(messageOf({ nComponents: null })).toMatchInlineSnapshot(`"mixture/gmm: parameter nComponents=null is invalid: expected an integer >= 1"`);
  });

  it('throws a ParamError carrying the key, parameter and value', () => {
    let err: ParamError | undefined;
    try {
      validate({ nComponents: 0 });
    } catch (e) {
      err = e as ParamError;
    }
    expect(err).toBeInstanceOf(ParamError);
    expect(err).toBeInstanceOf(Error);
    expect([err!.name, err!.key, err!.param, err!.value]).toEqual(['ParamError', KEY, 'nComponents', 0]);
  });
});

describe('describeSpec', () => {
  it('describes each kind of spec in words', () => {
    expect(describeSpec(int())).toBe('an integer');
    expect(describeSpec(int({ min: 1, max: 5 }))).toBe('an integer >= 1 and <= 5');
    expect(describeSpec(real({ exclusiveMin: 0, exclusiveMax: 1 }))).toBe('a number > 0 and < 1');
    expect(describeSpec(real({ max: 2 }))).toBe('a number <= 2');
    expect(describeSpec(oneOf(['a', 'b']))).toBe("one of 'a', 'b'");
    expect(describeSpec(bool())).toBe('true or false');
    expect(describeSpec(numberMatrix())).toBe('a JSON array of rows of numbers');
  });

  it('keeps descriptions and leaves unset bounds out of the JSON schema', () => {
    expect(int({ min: 1, description: 'K' })).toEqual({ type: 'integer', minimum: 1, description: 'K' });
    expect(real()).toEqual({ type: 'number' });
  });
});

describe('intList: a list of integers that also takes a single integer', () => {
  interface Net {
    hiddenUnits: number[];
    widths: number[];
  }
  const net: ParamSpecs<Net> = {
    hiddenUnits: intList({ min: 1, minItems: 1, acceptsScalar: true, example: [256, 128] }),
    widths: intList({ min: 0, max: 9 }),
  };
  const netDefaults: Net = { hiddenUnits: [256], widths: [1] };
  const check = (input: Record<string, unknown>, coerce = false) => validateParams('vae/vae', net, netDefaults, input, { coerce });
  const messageOfNet = (input: Record<string, unknown>, coerce = false): string => {
    try {
      check(input, coerce);
    } catch (e) {
      expect(e).toBeInstanceOf(ParamError);
      return (e as Error).message;
    }
    throw new Error(`${JSON.stringify(input)} was accepted`);
  };
  const EXPECTED = 'expected a positive integer or a JSON array of positive integers such as [256, 128]';

  it('is a JSON-Schema array of integers with its bounds and example', () => {
    expect(net.hiddenUnits).toEqual({ type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, acceptsScalar: true, examples: [[256, 128]] });
    expect(net.widths).toEqual({ type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 } });
  });

  it('normalises one integer to the one-item list, from the API and from CLI text', () => {
    expect(check({ hiddenUnits: 256 }).hiddenUnits).toEqual([256]);
    expect(check({ hiddenUnits: [256, 128] }).hiddenUnits).toEqual([256, 128]);
    expect(check({ hiddenUnits: '256' }, true).hiddenUnits).toEqual([256]);
    expect(check({ hiddenUnits: ' 64 ' }, true).hiddenUnits).toEqual([64]);
    expect(check({ hiddenUnits: '[256, 128]' }, true).hiddenUnits).toEqual([256, 128]);
    expect(check({}).hiddenUnits).toEqual([256]);
  });

  it('takes a single integer only where the spec says so', () => {
    expect(messageOfNet({ widths: 3 })).toBe('vae/vae: parameter widths=3 is invalid: expected a JSON array of integers >= 0 and <= 9');
    expect(messageOfNet({ meansInit: 3 } as Record<string, unknown>)).toMatch(/unknown parameter 'meansInit'/);
    expect(messageOf({ meansInit: 3 })).toBe('mixture/gmm: parameter meansInit=3 is invalid: expected a JSON array of rows of numbers');
  });

  it('rejects bad values in one line naming the parameter, the value as given and what is expected', () => {
    expect(messageOfNet({ hiddenUnits: 0 })).toBe(`vae/vae: parameter hiddenUnits=0 is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: 2.5 })).toBe(`vae/vae: parameter hiddenUnits=2.5 is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: [] })).toBe(`vae/vae: parameter hiddenUnits=[] is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: [256, 0] })).toBe(`vae/vae: parameter hiddenUnits=[256,0] is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: '256' })).toBe(`vae/vae: parameter hiddenUnits='256' is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: '0' }, true)).toBe(`vae/vae: parameter hiddenUnits=0 is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: 'wide' }, true)).toBe(`vae/vae: parameter hiddenUnits='wide' is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: '256,128' }, true)).toBe(`vae/vae: parameter hiddenUnits='256,128' is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: 'true' }, true)).toBe(`vae/vae: parameter hiddenUnits=true is invalid: ${EXPECTED}`);
    for (const message of [messageOfNet({ hiddenUnits: 0 }), messageOfNet({ hiddenUnits: 'wide' }, true)]) expect(message).not.toContain('\n');
  });

  it('rejects Infinity and NaN, which ajv would take for integers, at any depth', () => {
    expect(messageOfNet({ hiddenUnits: Infinity })).toBe(`vae/vae: parameter hiddenUnits=Infinity is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: [8, Infinity] })).toBe(`vae/vae: parameter hiddenUnits=[8,null] is invalid: ${EXPECTED}`);
    expect(messageOfNet({ hiddenUnits: Number.NaN })).toBe(`vae/vae: parameter hiddenUnits=NaN is invalid: ${EXPECTED}`);
    expect(messageOf({ nComponents: Infinity })).toBe('mixture/gmm: parameter nComponents=Infinity is invalid: expected an integer >= 1');
  });

  it('does not mutate the input', () => {
    const input = { hiddenUnits: 32 };
    expect(check(input).hiddenUnits).toEqual([32]);
    expect(input).toEqual({ hiddenUnits: 32 });
  });
});

describe('describeSpec of arrays', () => {
  it('describes the items, a single item where accepted, and the example', () => {
    expect(describeSpec(intList({ min: 1, minItems: 1, acceptsScalar: true, example: [256, 128] }))).toBe(
      'a positive integer or a JSON array of positive integers such as [256, 128]',
    );
    expect(describeSpec(intList({ min: 2, acceptsScalar: true }))).toBe('an integer >= 2 or a JSON array of integers >= 2');
    expect(describeSpec(intList())).toBe('a JSON array of integers');
    expect(describeSpec({ type: 'array', items: { type: 'number' }, minItems: 1 })).toBe('a JSON array of numbers');
    expect(describeSpec({ type: 'array', items: { type: 'number', exclusiveMinimum: 0 } })).toBe('a JSON array of positive numbers');
    expect(describeSpec({ type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'number' } } } })).toBe(
      'a JSON array of arrays of rows of numbers',
    );
  });
});

describe('lists that also take a word, and maps from names to choices', () => {
  interface P {
    layers: number[] | 'auto';
    lambda: number[] | 'auto';
    likelihoods: Record<string, string> | null;
  }
  const specs: ParamSpecs<P> = {
    layers: intList({ min: 1, minItems: 1, keywords: ['auto'], example: [6, 2] }),
    lambda: realList({ exclusiveMin: 0, acceptsScalar: true, keywords: ['auto'] }),
    likelihoods: stringMap(['bernoulli', 'poisson', 'normal']),
  };
  const defaults: P = { layers: [6, 2], lambda: 'auto', likelihoods: null };
  const run = (input: Record<string, unknown>, coerce = true) => validateParams('dde/dde', specs, defaults, input, { coerce });

  it('accepts the word, the array and (for acceptsScalar) a single number', () => {
    expect(run({ layers: 'auto' }).layers).toBe('auto');
    expect(run({ layers: '[6, 2]' }).layers).toEqual([6, 2]);
    expect(run({ layers: [3] }, false).layers).toEqual([3]);
    expect(run({ lambda: '2.5' }).lambda).toEqual([2.5]);
    expect(run({ lambda: ' auto ' }).lambda).toBe('auto');
  });

  it('refuses other words and bad items in one line naming the parameter', () => {
    expect(() => run({ layers: 'automatic' })).toThrow(
      "dde/dde: parameter layers='automatic' is invalid: expected 'auto' or a JSON array of positive integers such as [6, 2]",
    );
    expect(() => run({ lambda: '[1, 0]' })).toThrow(/parameter lambda=\[1,0\] is invalid: expected 'auto', a positive number or a JSON array/);
  });

  it('parses a map from JSON text and checks every value', () => {
    expect(run({ likelihoods: '{"x1":"bernoulli","t":"normal"}' }).likelihoods).toEqual({ x1: 'bernoulli', t: 'normal' });
    expect(() => run({ likelihoods: '{"x1":"gamma"}' })).toThrow(
      "dde/dde: parameter likelihoods={\"x1\":\"gamma\"} is invalid: expected a JSON object of names to one of 'bernoulli', 'poisson', 'normal'",
    );
    expect(run({ likelihoods: null }).likelihoods).toBeNull();
  });
});
