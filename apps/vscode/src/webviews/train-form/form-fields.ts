import { describeSpec, engineParamSpecs, ParamError, type ParamSpec, type ParamSpecs, type Registry } from '@latentkit/registry';
import type { Field, FormInput, FormValues } from './protocol.js';

const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/**
 * The choices of a registry-key parameter: its usual ones, then the keys registered in `registry` under the same
 * namespaces (plugin estimators beside the built-in ones), less the refused ones.
 */
function registryKeyChoices(spec: Extract<ParamSpec, { pattern: string }>, registry: Registry | undefined): string[] {
  const namespaces = new Set(spec.examples.map((k) => k.split('/')[0]));
  const registered = (registry?.list() ?? []).map((e) => e.key).filter((k) => namespaces.has(k.split('/')[0]));
  const refused = new Set(spec.not?.enum ?? []);
  return [...new Set([...spec.examples, ...registered])].filter((k) => !refused.has(k));
}

/**
 * The form's inputs, generated from a plugin's parameter specs and defaults: a number input with the spec's bounds
 * for integers and reals, a select for string enums (for a registry-key parameter: its usual choices and the keys
 * `registry` holds in the same namespace, e.g. estimator plugins), a checkbox for booleans, a JSON text area for arrays.
 * @example
 * ```ts
 * formFields(gmm)[0]; // { name: 'nComponents', type: 'integer', range: 'an integer >= 1', min: 1, defaultText: '1', ... }
 * ```
 */
export function formFields(plugin: { readonly params: ParamSpecs<any>; readonly defaults: object }, registry?: Registry): Field[] {
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
    if (spec.type === 'string') return { ...base, options: 'enum' in spec ? [...spec.enum] : registryKeyChoices(spec, registry) };
    return base;
  });
}

/**
 * The inputs of an engine's own parameters (`engineParamSpecs`: `maxIter`, `tol` and those it declares, e.g.
 * `learningRate` and `estimator` of `inference/vi`, whose choices include the registered estimator plugins). They start
 * empty: an empty input is left out, so the model's default for the engine applies, else the engine's.
 * @example
 * ```ts
 * engineFields(registry, 'inference/vi').find((f) => f.name === 'optimizer')?.options; // ['adam', 'sgd']
 * ```
 */
export function engineFields(registry: Registry, engineKey: string): Field[] {
  const engine = registry.inference(engineKey);
  return formFields({ params: engineParamSpecs(engine), defaults: engine.defaults }, registry).map((f) => ({
    ...f,
    optional: true,
    placeholder: `the model's default, else ${f.defaultText || 'none'}`,
  }));
}

/** {@link engineFields} of every engine in `engines`, by key. */
export function engineFieldsByKey(registry: Registry, engines: readonly string[]): Record<string, Field[]> {
  return Object.fromEntries(engines.map((key) => [key, engineFields(registry, key)]));
}

/**
 * The inputs of a registered dataset's options, from its plugin's `params` and `defaults` (none when it declares no
 * `params`), with the same field kinds as the hyperparameters; an option without a default may be left empty.
 * @example
 * ```ts
 * datasetFields(registry, 'example/blobs').map((f) => f.name); // ['nRows', 'nClusters', 'nFeatures', 'clusterStd', 'centerBox', 'seed']
 * ```
 */
export function datasetFields(registry: Registry, datasetKey: string): Field[] {
  const plugin = registry.dataset(datasetKey);
  const defaults = (plugin.defaults ?? {}) as Record<string, unknown>;
  return formFields({ params: (plugin.params ?? {}) as ParamSpecs<any>, defaults }, registry).map((f) =>
    defaults[f.name] === undefined ? { ...f, optional: true } : f,
  );
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
 * engine fields under `engine.<name>`, the options of a registered dataset under `dataset.<name>`
 * (`registry.validateDatasetOptions`); plus `seed` (an integer in [0, 2³² − 1]). Empty when the form is valid.
 */
export function formErrors(
  registry: Registry,
  key: string,
  fields: readonly Field[],
  input: FormInput,
  engineFieldList: readonly Field[] = [],
  dataset?: { readonly key: string; readonly fields: readonly Field[] },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const params = formParams(fields, input.values);
  const check = paramCheck(key, (p) => registry.validate(key, p, { coerce: true }));
  for (const [name, value] of Object.entries(params)) {
    const e = check({ [name]: value });
    if (e) errors[name] = e.message;
  }
  if (Object.keys(errors).length === 0) {
    const e = check(params);
    if (e) errors[e.param || '_form'] = e.message;
  }
  if (input.engine && input.engineValues) {
    const checkEngine = paramCheck(input.engine, (p) => registry.validateEngineParams(input.engine, p, { coerce: true }));
    for (const [name, value] of Object.entries(formParams(engineFieldList, input.engineValues))) {
      const e = checkEngine({ [name]: value });
      if (e) errors[`engine.${name}`] = e.message;
    }
  }
  if (dataset && input.datasetValues) {
    // Each option on its own, then all together, as `loadRegisteredDataset` checks them before loading.
    const checkDataset = paramCheck(dataset.key, (p) => registry.validateDatasetOptions(dataset.key, p, { coerce: true }));
    const options = formParams(dataset.fields, input.datasetValues);
    const before = Object.keys(errors).length;
    for (const [name, value] of Object.entries(options)) {
      const e = checkDataset({ [name]: value });
      if (e) errors[`dataset.${name}`] = e.message;
    }
    const all = Object.keys(errors).length === before ? checkDataset(options) : undefined;
    if (all) errors[`dataset.${all.param}`] = all.message;
  }
  const seed = input.seed.trim();
  if (!/^\d+$/.test(seed) || Number(seed) > SEED_MAX) errors.seed = `seed=${JSON.stringify(seed)} is invalid: expected an integer >= 0 and <= ${SEED_MAX}`;
  return errors;
}

/**
 * A check of parameters by `validate` that returns the ParamError it throws (other errors propagate), its message
 * without the `<key>: parameter ` prefix and with text values shown as typed (`nComponents=0`, not quoted).
 */
function paramCheck(
  key: string,
  validate: (p: Record<string, unknown>) => unknown,
): (p: Record<string, unknown>) => { param: string; message: string } | undefined {
  const prefix = `${key}: parameter `;
  return (p) => {
    try {
      validate(p);
      return undefined;
    } catch (err) {
      if (!(err instanceof ParamError || (err as Error)?.name === 'ParamError')) throw err;
      const e = err as ParamError;
      const m = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      const message = typeof e.value === 'string' ? m.replace(`${e.param}=${JSON.stringify(e.value).replace(/^"|"$/g, "'")}`, `${e.param}=${e.value}`) : m;
      return { param: e.param, message };
    }
  };
}
