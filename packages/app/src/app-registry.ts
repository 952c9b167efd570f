import { firstLine } from '@latentkit/core';
import { createRegistry, loadPluginModule, pluginKey, type Plugin, type Registry } from '@latentkit/registry';
import { BUILTIN_PLUGINS } from './builtin-plugins.js';

/** A user plugin module that could not be used: its specifier, why (one line), and the error with its `cause`. */
export interface PluginProblem {
  /** The module as the user named it (`--plugin`, the `latentkit.plugins` setting), trimmed. */
  readonly specifier: string;
  /** Why it was left out: the first line of the error's message. */
  readonly message: string;
  /** The error thrown while importing or registering the module, with its `cause` chain, for logs. */
  readonly error: unknown;
}

/** Options of {@link loadAppRegistry} and {@link buildRegistry}. */
export interface AppRegistryOptions {
  /** User plugin modules (`--plugin`, the `latentkit.plugins` setting), resolved from `cwd`. */
  readonly plugins?: readonly string[];
  /** Folder the modules are resolved from (default `process.cwd()`). */
  readonly cwd?: string;
  /** Where registry warnings go (a plugin registered twice with the same version). */
  readonly warn?: (message: string) => void;
  /** Module loader (default dynamic `import`); bundled apps and tests pass their own. */
  readonly importModule?: (url: string) => Promise<unknown>;
}

/** What {@link loadAppRegistry} built. */
export interface AppRegistry {
  /** The registry: the built-in plugins, then those of every user module that loaded. */
  readonly registry: Registry;
  /** Registry keys contributed by each user module that loaded, in the order given. */
  readonly loaded: readonly {
    /** The module as the user named it, trimmed. */
    readonly specifier: string;
    /** Registry keys (`namespace/id`) of the module's plugins, in the module's order. */
    readonly keys: readonly string[];
  }[];
  /** The modules that were left out, each with the reason. */
  readonly problems: readonly PluginProblem[];
}

/**
 * A fresh registry of the built-in plugins ({@link BUILTIN_PLUGINS}) plus those of every user module that loads and fits.
 *
 * Each module is imported with `loadPluginModule` (its default export: a plugin, an array, or a preset `{ plugins }`)
 * and registered into a scratch registry first (API version, duplicate keys), so a module that does not fit adds
 * nothing and yields one {@link PluginProblem} naming it; the others still load.
 * @example
 * ```ts
 * const { registry, problems } = await loadAppRegistry({ plugins: ['latentkit-plugin-example'], cwd });
 * ```
 */
export async function loadAppRegistry(options: AppRegistryOptions = {}): Promise<AppRegistry> {
  const registry = createRegistry({ warn: options.warn }).register(...BUILTIN_PLUGINS);
  const accepted: Plugin[] = [...BUILTIN_PLUGINS];
  const loaded: { specifier: string; keys: string[] }[] = [];
  const problems: PluginProblem[] = [];
  const cwd = options.cwd ?? process.cwd();
  for (const specifier of [...new Set((options.plugins ?? []).map((s) => s.trim()).filter(Boolean))]) {
    try {
      const plugins = await loadPluginModule(specifier, cwd, options.importModule);
      try {
        createRegistry({ warn: () => undefined }).register(...accepted, ...plugins);
      } catch (e) {
        throw new Error(`plugin module '${specifier}': ${firstLine(e)}`, { cause: e });
      }
      registry.register(...plugins);
      accepted.push(...plugins);
      loaded.push({ specifier, keys: plugins.map(pluginKey) });
    } catch (e) {
      problems.push({ specifier, message: firstLine(e), error: e });
    }
  }
  return { registry, loaded, problems };
}

/**
 * {@link loadAppRegistry} for a command line: the registry, or the first module's problem thrown.
 * @throws Error naming the module (with the original error as `cause`) when a module cannot be loaded or does not fit the contract.
 * @example
 * ```ts
 * const registry = await buildRegistry({ plugins: ['./my-plugin.js'] });
 * registry.list('model').map((e) => e.key); // ['mixture/bayesian-gmm', 'mixture/gmm', …, 'my/model']
 * ```
 */
export async function buildRegistry(options: AppRegistryOptions = {}): Promise<Registry> {
  const { registry, problems } = await loadAppRegistry(options);
  if (problems.length > 0) throw problems[0].error;
  return registry;
}
