import { describe, expect, it } from 'vitest';
import { bool, describeSpec, int, numberMatrix, oneOf, real, type ParamSpecs } from './params.js';
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
