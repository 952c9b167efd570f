import pkg from '../package.json' with { type: 'json' };
import { API_VERSION, type PluginMeta } from '@latentkit/registry';

/** The `meta` of the metric plugin `metrics/<id>` of this package. */
export function metricMeta(id: string, description: string): PluginMeta {
  return { id, namespace: 'metrics', name: pkg.name, version: pkg.version, apiVersion: API_VERSION, description };
}
