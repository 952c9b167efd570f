import { datasetPlugins } from '@latentkit/datasets';
import { cavi, em, estimatorPlugins, gibbs, onlineVi, vi } from '@latentkit/inference';
import { metricPlugins } from '@latentkit/metrics';
import { fa, ppca } from '@latentkit/models-factor';
import { bayesianGmm, gmm } from '@latentkit/models-mixture';
import { lda } from '@latentkit/models-topic';
import { vaePlugins } from '@latentkit/models-vae';
import { createRegistry, loadPluginModule, type Plugin, type Registry } from '@latentkit/registry';
import { firstLine } from './errors.js';

/** Plugins bundled with the CLI, registered before any `--plugin` module. Add new built-in packages here. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [
  em,
  cavi,
  onlineVi,
  gibbs,
  vi,
  ...estimatorPlugins,
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
