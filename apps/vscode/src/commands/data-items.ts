import { pluginDescription, type Registry } from '@latentkit/registry';

/** A registered dataset offered in the data quick pick of Train Model…, after the workspace's data files. */
export interface DatasetItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly datasetKey: string;
}

/**
 * The quick-pick entries of the registry's dataset plugins (the built-in `datasets/*` and those of the modules in
 * `latentkit.plugins`), in key order: the key, the plugin's description, and the package with the options the
 * training form will show.
 * @example
 * ```ts
 * datasetItems(registry).find((i) => i.datasetKey === 'example/blobs')?.detail;
 * // 'latentkit-plugin-example@0.1.0 · options: nRows, nClusters, nFeatures, clusterStd, centerBox, seed'
 * ```
 */
export function datasetItems(registry: Registry): DatasetItem[] {
  return registry.list('dataset').map(({ key }) => {
    const plugin = registry.dataset(key);
    const options = Object.keys(plugin.params ?? {});
    return {
      label: `$(database) ${key}`,
      description: pluginDescription(plugin),
      detail: `${plugin.meta.name}@${plugin.meta.version} · ${options.length > 0 ? `options: ${options.join(', ')}` : 'no options'}`,
      datasetKey: key,
    };
  });
}
