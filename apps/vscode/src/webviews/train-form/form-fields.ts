import { describeSpec, ParamError, type ModelPlugin, type ParamSpec, type Registry } from '@latentkit/registry';
import type { Field, FormInput, FormValues } from './protocol.js';

const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/**
 * The form's inputs, generated from a plugin's parameter specs and defaults: a number input with the spec's bounds
 * for integers and reals, a select for string enums (for a registry-key parameter: its usual choices), a checkbox for booleans, a JSON text area for arrays.
 * @example
 * ```ts
 * formFields(gmm)[0]; // { name: 'nComponents', type: 'integer', range: 'an integer >= 1', min: 1, defaultText: '1', ... }
 * ```
 */
export function formFields(plugin: ModelPlugin): Field[] {
  const defaults = plugin.defaults as Record<string, unknown>;
  return Object.entries(plugin.params as Record<string, ParamSpec>).map(([name, spec]) => {
    const base = {
      name,
      type: spec.type,
      ...(spec.description && { description: spec.description }),
      range: describeSpec(spec),
      defaultText: text(defaults[name]),
      optional: defaults[name] === null,
    };
    if (spec.type === 'integer' || spec.type === 'number') {
      const exMin = 'exclusiveMinimum' in spec ? spec.exclusiveMinimum : undefined;
      const exMax = 'exclusiveMaximum' in spec ? spec.exclusiveMaximum : undefined;
      const min = spec.minimum ?? exMin;
      const max = spec.maximum ?? exMax;
      return {
        ...base,
        ...(min !== undefined && { min }),
        ...(max !== undefined && { max }),
        ...(spec.minimum === undefined && exMin !== undefined && { exclusiveMin: true }),
        ...(spec.maximum === undefined && exMax !== undefined && { exclusiveMax: true }),
      };
    }
    if (spec.type === 'string') return { ...base, options: [...('enum' in spec ? spec.enum : spec.examples)] };
    return base;
  });
}

/** The inputs' starting values: the plugin's defaults. */
export function initialValues(fields: readonly Field[]): Record<string, string | boolean> {
  return Object.fromEntries(fields.map((f) => [f.name, f.type === 'boolean' ? f.defaultText === 'true' : f.defaultText]));
}

/**
 * Hyperparameters from the form's values, for `registry.validate(key, params, { coerce: true })`: text stays text
 * (the registry coerces "3" to 3 and parses JSON arrays), booleans stay booleans, and an empty input is left out
 * so the default applies (for a `null` default: "not given").
 */
export function formParams(fields: readonly Field[], values: FormValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined) continue;
    if (typeof v === 'boolean') params[f.name] = v;
    else if (v.trim() !== '') params[f.name] = v.trim();
  }
  return params;
}

const SEED_MAX = 2 ** 32 - 1;

/**
 * One-line errors per field, from the registry's own validation of each value on its own, then of all together;
 * plus `seed` (an integer in [0, 2³² − 1]). Empty when the form is valid.
 */
export function formErrors(registry: Registry, key: string, fields: readonly Field[], input: FormInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const params = formParams(fields, input.values);
  const prefix = `${key}: parameter `;
  // Values come from text inputs, so show them as typed (`nComponents=0`), not as quoted strings.
  const shown = (e: ParamError): string => {
    const m = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return typeof e.value === 'string' ? m.replace(`${e.param}=${JSON.stringify(e.value).replace(/^"|"$/g, "'")}`, `${e.param}=${e.value}`) : m;
  };
  const check = (p: Record<string, unknown>): ParamError | undefined => {
    try {
      registry.validate(key, p, { coerce: true });
      return undefined;
    } catch (e) {
      if (e instanceof ParamError || (e as Error)?.name === 'ParamError') return e as ParamError;
      throw e;
    }
  };
  for (const [name, value] of Object.entries(params)) {
    const e = check({ [name]: value });
    if (e) errors[name] = shown(e);
  }
  if (Object.keys(errors).length === 0) {
    const e = check(params);
    if (e) errors[e.param || '_form'] = shown(e);
  }
  const seed = input.seed.trim();
  if (!/^\d+$/.test(seed) || Number(seed) > SEED_MAX) errors.seed = `seed=${JSON.stringify(seed)} is invalid: expected an integer >= 0 and <= ${SEED_MAX}`;
  return errors;
}
