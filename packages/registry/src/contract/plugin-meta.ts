/**
 * Version of the plugin contract. Plugins declare the version they were written for in `meta.apiVersion`:
 * {@link API_VERSION} is current; versions from {@link OLDEST_API_VERSION} up to it still load (older ones with a
 * one-line deprecation notice naming what to change); any other version is rejected with a message to upgrade.
 */
export const API_VERSION = 2;

/** The oldest plugin API version a registry still loads. */
export const OLDEST_API_VERSION = 1;

/** The five kinds of plugin a registry holds. */
export type PluginKind = 'model' | 'inference' | 'metric' | 'dataset' | 'estimator';

/** Identity of a plugin; the registry key is `${namespace}/${id}`. */
export interface PluginMeta {
  /** The plugin's name within its namespace, lowercase kebab-case, e.g. `gmm` in `mixture/gmm`. */
  readonly id: string;
  /** The group of the registry key, lowercase kebab-case, e.g. `mixture`, `inference`, `metrics`. */
  readonly namespace: string;
  /** npm package name, as in its package.json. */
  readonly name: string;
  /** npm package version, as in its package.json. */
  readonly version: string;
  /** The plugin-contract version it was written for, {@link OLDEST_API_VERSION} to {@link API_VERSION}; others are rejected. */
  readonly apiVersion: number;
  /** One line on what the plugin does, shown by `latentkit list` and the VS Code forms. */
  readonly description?: string;
  /** Where its documentation is (a URL or a path in its package). */
  readonly docs?: string;
}

/** Registry key of a plugin: `${namespace}/${id}`. */
export function pluginKey(p: { meta: Pick<PluginMeta, 'namespace' | 'id'> }): string {
  return `${p.meta.namespace}/${p.meta.id}`;
}
