import { Ajv, type ErrorObject } from 'ajv';
import { describeSpec, type ParamSpec, type ParamSpecs } from './params.js';

/** A parameter failed validation. The message names the parameter, the value and the allowed range. */
export class ParamError extends Error {
  /** Always `'ParamError'`: the class name, shown before the message in stack traces and logs. */
  override readonly name = 'ParamError';
  /** Registry key of the plugin whose parameter failed, e.g. `mixture/gmm`. */
  readonly key: string;
  /** Name of the parameter that failed (an unknown name for an unknown parameter). */
  readonly param: string;
  /** The offending value, as validation saw it. */
  readonly value: unknown;
  /** An error about parameter `param` of plugin `key`, given `value`; `message` is the one line shown to the user. */
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
    const schema = { type: 'object', properties: schemaProperties(specs), additionalProperties: false };
    c = { plain: ajv.compile(schema), coerce: ajvCoerce.compile(schema) };
    cache.set(specs, c);
  }
  return c;
}

/** The JSON Schema of each spec: an array spec with `keywords` becomes "the array, or one of the words". */
function schemaProperties(specs: ParamSpecs<any>): Record<string, object> {
  return Object.fromEntries(
    Object.entries(specs as Record<string, ParamSpec>).map(([name, spec]) => [
      name,
      spec.type === 'array' && spec.keywords?.length ? { anyOf: [spec, { type: 'string', enum: spec.keywords }] } : spec,
    ]),
  );
}

const isKeyword = (spec: ParamSpec | undefined, value: unknown): boolean =>
  spec?.type === 'array' && typeof value === 'string' && (spec.keywords ?? []).includes(value.trim());

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? String(v) : JSON.stringify(v));

const invalid = (key: string, name: string, value: unknown, spec: ParamSpec): ParamError =>
  new ParamError(key, name, value, `${key}: parameter ${name}=${show(value)} is invalid: expected ${describeSpec(spec)}`);

function toParamError(key: string, specs: ParamSpecs<any>, input: Record<string, unknown>, err: ErrorObject): ParamError {
  if (err.keyword === 'additionalProperties') {
    const name = String(err.params.additionalProperty);
    return new ParamError(key, name, input[name], `${key}: unknown parameter '${name}'; known parameters: ${Object.keys(specs).join(', ')}`);
  }
  const name = err.instancePath.split('/')[1] ?? '';
  const spec = (specs as Record<string, ParamSpec>)[name];
  const value = input[name];
  return spec ? invalid(key, name, value, spec) : new ParamError(key, name, value, `${key}: parameter ${name}=${show(value)} is invalid: ${err.message}`);
}

/**
 * Validate user parameters against a plugin's specs and fill in defaults.
 * With `coerce: true`, strings such as `"3"` or `"true"` (from `--set name=value`) are converted first, and the
 * text of an array or object parameter is parsed as JSON (an array parameter's `keywords`, such as `auto`, are taken as
 * they are). A single number for an array spec with `acceptsScalar` becomes
 * the one-item array (`256` → `[256]`).
 * @throws ParamError naming the parameter, the value and the allowed range.
 */
export function validateParams<P extends object>(
  key: string,
  specs: ParamSpecs<P>,
  defaults: P,
  input: Partial<Record<keyof P, unknown>> = {},
  opts: { coerce?: boolean } = {},
): P {
  const specOf = (name: string): ParamSpec | undefined => (specs as Record<string, ParamSpec | undefined>)[name];
  // `given` holds the values as the user wrote them (JSON text parsed), for messages; `candidate` what is validated.
  const given: Record<string, unknown> = {};
  const candidate: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    // `null` in defaults means "not given" (params.ts), so null is accepted exactly where the default is null.
    if (value === undefined || (value === null && (defaults as Record<string, unknown>)[name] === null)) continue;
    const spec = specOf(name);
    const json = spec?.type === 'array' || spec?.type === 'object';
    given[name] = isKeyword(spec, value)
      ? (value as string).trim()
      : opts.coerce && typeof value === 'string' && json
        ? parseJson(key, name, value, spec)
        : value;
    candidate[name] = spec?.type === 'array' && spec.acceptsScalar && typeof given[name] === 'number' ? [given[name]] : given[name];
  }
  const validator = opts.coerce ? compile(specs).coerce : compile(specs).plain;
  if (!validator(candidate)) throw toParamError(key, specs, given, validator.errors![0]);
  for (const [name, value] of Object.entries(candidate)) {
    // JSON Schema has no NaN or Infinity, and ajv takes Infinity for an integer: reject them at any depth.
    if (hasNonFinite(value)) throw invalid(key, name, given[name], specOf(name)!);
  }
  return { ...defaults, ...candidate } as P;
}

const hasNonFinite = (v: unknown): boolean =>
  typeof v === 'number'
    ? !Number.isFinite(v)
    : Array.isArray(v)
      ? v.some(hasNonFinite)
      : typeof v === 'object' && v !== null && Object.values(v).some(hasNonFinite);

function parseJson(key: string, name: string, text: string, spec: ParamSpec): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(key, name, text, spec);
  }
}
