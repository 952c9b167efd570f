import { Ajv, type ErrorObject } from 'ajv';
import { describeSpec, type ParamSpec, type ParamSpecs } from './params.js';

/** A parameter failed validation. The message names the parameter, the value and the allowed range. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  readonly key: string;
  readonly param: string;
  readonly value: unknown;
  constructor(key: string, param: string, value: unknown, message: string) {
    super(message);
    this.key = key;
    this.param = param;
    this.value = value;
  }
}

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false });
const ajvCoerce = new Ajv({ allErrors: false, strict: false, coerceTypes: true, useDefaults: false });
const cache = new WeakMap<object, { plain: ReturnType<Ajv['compile']>; coerce: ReturnType<Ajv['compile']> }>();

function compile(specs: ParamSpecs<any>) {
  let c = cache.get(specs);
  if (!c) {
    const schema = { type: 'object', properties: specs, additionalProperties: false };
    c = { plain: ajv.compile(schema), coerce: ajvCoerce.compile(schema) };
    cache.set(specs, c);
  }
  return c;
}

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? String(v) : JSON.stringify(v));

function toParamError(key: string, specs: ParamSpecs<any>, input: Record<string, unknown>, err: ErrorObject): ParamError {
  if (err.keyword === 'additionalProperties') {
    const name = String(err.params.additionalProperty);
    return new ParamError(key, name, input[name], `${key}: unknown parameter '${name}'; known parameters: ${Object.keys(specs).join(', ')}`);
  }
  const name = err.instancePath.split('/')[1] ?? '';
  const spec = (specs as Record<string, ParamSpec>)[name];
  const value = input[name];
  return new ParamError(key, name, value, `${key}: parameter ${name}=${show(value)} is invalid: expected ${spec ? describeSpec(spec) : err.message}`);
}

/**
 * Validate user parameters against a plugin's specs and fill in defaults.
 * With `coerce: true`, strings such as `"3"` or `"true"` (from `--set name=value`) are converted first.
 * @throws ParamError naming the parameter, the value and the allowed range.
 */
export function validateParams<P extends object>(
  key: string,
  specs: ParamSpecs<P>,
  defaults: P,
  input: Partial<Record<keyof P, unknown>> = {},
  opts: { coerce?: boolean } = {},
): P {
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    // `null` in defaults means "not given" (params.ts), so null is accepted exactly where the default is null.
    if (value !== undefined && !(value === null && (defaults as Record<string, unknown>)[name] === null))
      given[name] = opts.coerce && typeof value === 'string' && (specs as any)[name]?.type === 'array' ? parseJson(key, name, value) : value;
  }
  const validator = opts.coerce ? compile(specs).coerce : compile(specs).plain;
  const candidate = { ...given };
  if (!validator(candidate)) throw toParamError(key, specs, given, validator.errors![0]);
  for (const [name, value] of Object.entries(candidate)) {
    const spec = (specs as Record<string, ParamSpec>)[name];
    if (spec.type === 'number' && !Number.isFinite(value as number))
      throw new ParamError(key, name, value, `${key}: parameter ${name}=${show(value)} is invalid: expected ${describeSpec(spec)}`);
  }
  return { ...defaults, ...candidate } as P;
}

function parseJson(key: string, name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ParamError(key, name, text, `${key}: parameter ${name}=${show(text)} is invalid: expected a JSON array of rows of numbers`);
  }
}
