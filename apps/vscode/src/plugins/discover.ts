import { loadAppRegistry } from '@latentkit/app';
import type { Registry } from '@latentkit/registry';

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
 * Build a registry of the built-in plugins (`BUILTIN_PLUGINS` of `@latentkit/app`, the same as the CLI's) plus those of
 * every module listed in `latentkit.plugins`, with `loadAppRegistry`.
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
  const specifiers = [...new Set(options.specifiers.map((s) => s.trim()).filter(Boolean))];
  const builtinsOnly = async (skipped?: string): Promise<Discovered> => ({
    registry: (await loadAppRegistry({ warn: options.warn })).registry,
    loaded: [],
    problems: [],
    ...(skipped && { skipped }),
  });
  if (specifiers.length === 0) return builtinsOnly();
  if (!options.trusted) return builtinsOnly(`latentkit.plugins (${specifiers.join(', ')}) is ignored: workspace code runs only in a trusted workspace`);
  if (!options.cwd) return builtinsOnly('latentkit.plugins is ignored: no workspace folder is open to resolve the modules from');
  const { registry, loaded, problems } = await loadAppRegistry({
    plugins: specifiers,
    cwd: options.cwd,
    warn: options.warn,
    importModule: options.importModule ?? ((url: string) => import(url)),
  });
  return { registry, loaded, problems: problems.map(({ specifier, message }) => ({ specifier, message })) };
}
