import { firstLine } from '@latentkit/core';
import { createRegistry, loadPluginModule, pluginKey, type Plugin, type Registry } from '@latentkit/registry';
import { builtinPlugins } from './builtins.js';

/** A module listed in `latentkit.plugins` that could not be used, and why (one line). */
export interface PluginProblem {
  readonly specifier: string;
  readonly message: string;
}

/** Options of {@link discoverPlugins}. */
export interface DiscoverOptions {
  /** Module specifiers from the `latentkit.plugins` setting. */
  readonly specifiers: readonly string[];
  /** Folder the specifiers are resolved from (the first workspace folder). */
  readonly cwd?: string;
  /** Whether the workspace is trusted; workspace code is loaded only then. */
  readonly trusted: boolean;
  /** Module loader (default dynamic `import`); tests replace it. */
  readonly importModule?: (url: string) => Promise<unknown>;
  readonly warn?: (message: string) => void;
}

/** What {@link discoverPlugins} found. */
export interface Discovered {
  readonly registry: Registry;
  /** Registry keys contributed by each settings-listed module that loaded. */
  readonly loaded: readonly { readonly specifier: string; readonly keys: readonly string[] }[];
  readonly problems: readonly PluginProblem[];
  /** Why the listed modules were not loaded at all (Restricted Mode, no workspace folder). */
  readonly skipped?: string;
}

/**
 * Build a registry of the built-in plugins plus those of every module listed in `latentkit.plugins`.
 *
 * Each module is resolved from the workspace folder and imported; its default export (nested `default`s unwrapped)
 * may be one plugin, an array of plugins or a preset `{ plugins: [...] }`. Every plugin is checked against the
 * registry contract (`contractProblems`) and registered into a scratch registry first (API version, duplicate keys),
 * so a module that does not fit adds nothing and yields one {@link PluginProblem} naming it. Workspace code runs
 * only when `trusted`.
 * @example
 * ```ts
 * const { registry, problems } = await discoverPlugins({ specifiers: ['latentkit-plugin-example'], cwd, trusted: true });
 * ```
 */
export async function discoverPlugins(options: DiscoverOptions): Promise<Discovered> {
  const builtins = builtinPlugins();
  const registry = createRegistry({ warn: options.warn }).register(...builtins);
  const specifiers = [...new Set(options.specifiers.map((s) => s.trim()).filter(Boolean))];
  if (specifiers.length === 0) return { registry, loaded: [], problems: [] };
  if (!options.trusted) {
    return {
      registry,
      loaded: [],
      problems: [],
      skipped: `latentkit.plugins (${specifiers.join(', ')}) is ignored: workspace code runs only in a trusted workspace`,
    };
  }
  if (!options.cwd)
    return { registry, loaded: [], problems: [], skipped: 'latentkit.plugins is ignored: no workspace folder is open to resolve the modules from' };
  const load = options.importModule ?? ((url: string) => import(url));
  const loaded: { specifier: string; keys: string[] }[] = [];
  const problems: PluginProblem[] = [];
  const accepted: Plugin[] = [...builtins];
  for (const specifier of specifiers) {
    try {
      const plugins = await loadPluginModule(specifier, options.cwd, load);
      try {
        createRegistry({ warn: () => undefined }).register(...accepted, ...plugins);
      } catch (e) {
        throw new Error(`plugin module '${specifier}': ${firstLine(e)}`, { cause: e });
      }
      registry.register(...plugins);
      accepted.push(...plugins);
      loaded.push({ specifier, keys: plugins.map(pluginKey) });
    } catch (e) {
      problems.push({ specifier, message: firstLine(e) });
    }
  }
  return { registry, loaded, problems };
}
