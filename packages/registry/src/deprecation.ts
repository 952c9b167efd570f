import { API_VERSION, pluginKey, type Plugin } from './contract.js';

/** Where the migration note lives, named in deprecation notices. */
export const MIGRATION_GUIDE = 'docs/guides/migrating-to-plugin-api-2.md';

/** What an API 1 plugin of each kind must change to become an API 2 plugin. */
const CHANGES: Readonly<Record<Plugin['kind'], string>> = {
  model: 'implement restore({ params, state, info }) instead of load(saved), and extend FittedBase',
  inference: 'declare params and defaults for its options',
  estimator: 'declare params and defaults for its options and move description into meta',
  dataset: 'move description into meta and declare params and defaults for its options',
  metric: 'nothing else',
};

/**
 * The one-line notice a registry prints when it registers a plugin written for an older plugin API, naming what to
 * change, e.g. `latentkit: example/kmeans (latentkit-plugin-example@0.1.0) uses plugin API 1, deprecated: set
 * meta.apiVersion to 2 and implement restore(…) …; see docs/guides/migrating-to-plugin-api-2.md`.
 */
export function deprecationNotice(plugin: Plugin): string {
  return (
    `latentkit: ${pluginKey(plugin)} (${plugin.meta.name}@${plugin.meta.version}) uses plugin API ${plugin.meta.apiVersion}, deprecated: ` +
    `set meta.apiVersion to ${API_VERSION} and ${CHANGES[plugin.kind]}; see ${MIGRATION_GUIDE}`
  );
}
