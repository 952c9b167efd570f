export { BUILTIN_PLUGINS, BUILTIN_PRESETS, type PluginPreset } from './builtin-plugins.js';
export { BUILTIN_KERNELS } from './builtin-kernels.js';
export { buildRegistry, loadAppRegistry, type AppRegistry, type AppRegistryOptions, type PluginProblem } from './app-registry.js';
export { fitAndSave, FitCancelledError, requireEngine, requireModelKey, saveFitted, type FitOutcome, type FitRequest, type SaveTarget } from './fit-service.js';
export { modelFileJson } from './model-file.js';
export {
  datasetLoadOptions,
  datasetSource,
  loadRegisteredDataset,
  parseDatasetSource,
  parseDataValue,
  requireDatasetPlugin,
  type DatasetNaming,
} from './dataset-source.js';
export { UsageError } from './usage-error.js';
export {
  BACKGROUND_PARAM,
  DEFAULT_BACKGROUND,
  groupCounts,
  keepGroupRows,
  type GroupChoice,
  type GroupChoiceNames,
  type GroupedData,
  type KeptGroups,
} from './row-groups.js';
