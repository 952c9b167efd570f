import { datasetPlugins } from '@latentkit/datasets';
import { cavi, em, gibbs, onlineVi, vi } from '@latentkit/inference';
import { metricPlugins } from '@latentkit/metrics';
import { fa, ppca } from '@latentkit/models-factor';
import { bayesianGmm, gmm } from '@latentkit/models-mixture';
import { lda } from '@latentkit/models-topic';
import { vaePlugins } from '@latentkit/models-vae';
import { contractProblems, createRegistry, type Plugin, type Registry } from '@latentkit/registry';
import { firstLine } from './errors.js';
import { resolveModule } from './resolve-module.js';

/** Plugins bundled with the CLI, registered before any `--plugin` module. Add new built-in packages here. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [
  em,
  cavi,
  onlineVi,
  gibbs,
  vi,
  gmm,
  bayesianGmm,
  lda,
  fa,
  ppca,
  ...vaePlugins,
  ...datasetPlugins,
  ...metricPlugins,
];

/** Options of {@link buildRegistry}. */
export interface BuildRegistryOptions {
  /** Module specifiers given with `--plugin`, resolved from `cwd`. */
  readonly plugins?: readonly string[];
  /** Directory plugin modules are resolved from (default `process.cwd()`). */
  readonly cwd?: string;
  /** Where registry warnings go (a plugin registered twice). */
  readonly warn?: (message: string) => void;
}

/**
 * A fresh registry holding the built-in plugins and those of every `--plugin` module.
 * @throws Error naming the module (with the original error as `cause`) when a module cannot be loaded or does not fit the contract.
 * @example
 * ```ts
 * const registry = await buildRegistry({ plugins: ['./my-plugin.js'] });
 * registry.list('model').map((e) => e.key); // ['mixture/gmm', 'my/model']
 * ```
 */
export async function buildRegistry(options: BuildRegistryOptions = {}): Promise<Registry> {
  const registry = createRegistry({ warn: options.warn });
  registry.register(...BUILTIN_PLUGINS);
  for (const specifier of options.plugins ?? []) {
    const plugins = await loadPluginModule(specifier, options.cwd ?? process.cwd());
    try {
      registry.register(...plugins);
    } catch (e) {
      throw new Error(`plugin module '${specifier}': ${firstLine(e)}`, { cause: e });
    }
  }
  return registry;
}

/**
 * Import a plugin module and return its plugins: the default export (nested `default`s unwrapped) may be
 * one plugin, an array of plugins, or a preset `{ plugins: [...] }`. Each is checked against the contract.
 */
export async function loadPluginModule(specifier: string, cwd: string): Promise<Plugin[]> {
  let mod: unknown;
  try {
    mod = await import(resolveModule(specifier, cwd));
  } catch (e) {
    throw new Error(`cannot load plugin module '${specifier}' (from ${cwd}): ${firstLine(e)}`, { cause: e });
  }
  const value = unwrapDefault(mod);
  if (value === undefined || value === null) {
    throw new Error(`plugin module '${specifier}' has no default export; it must default-export a plugin, an array of plugins, or { plugins: [...] }`);
  }
  const list: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'object' && Array.isArray((value as { plugins?: unknown }).plugins) && !('kind' in value)
      ? (value as { plugins: unknown[] }).plugins
      : [value];
  if (list.length === 0) throw new Error(`plugin module '${specifier}' exports no plugins`);
  list.forEach((plugin, i) => {
    const problems = contractProblems(plugin);
    if (problems.length > 0) {
      const which = list.length > 1 ? `plugin ${i + 1} of its default export` : 'its default export';
      throw new Error(`plugin module '${specifier}': ${which} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
    }
  });
  return list as Plugin[];
}

function unwrapDefault(mod: unknown): unknown {
  let value = (mod as { default?: unknown }).default;
  for (let depth = 0; depth < 4 && value && typeof value === 'object' && !('kind' in value) && 'default' in value; depth++) {
    value = (value as { default: unknown }).default;
  }
  return value;
}
