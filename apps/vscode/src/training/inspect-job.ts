import { groupCounts } from '@latentkit/app';
import { asModelData, firstLine, trainTestSplit } from '@latentkit/core';
import { checkDataRequirements, type Registry } from '@latentkit/registry';
import type { InspectJob, InspectResult, ModelFit } from './protocol.js';
import { loadTrainingData, trainingDataName } from './load-job-data.js';

/**
 * Load the data (a file, or a registered dataset with its options) and check it against every registered model's data
 * requirements with the registry's own check (`checkDataRequirements`, the one `fit` runs), on the rows that would be
 * fitted (`trainTestSplit`) in the form the model takes them (`asModelData`: a CSV document-term matrix is counts for
 * a topic model). A model that declares `data.groups`, on data read without a group column, is checked on its other
 * requirements and marked `needsGroups`; data read with one reports the rows of each group value.
 */
export async function runInspectJob(job: InspectJob, registry: Registry): Promise<InspectResult> {
  const data = await loadTrainingData(job, registry);
  const { train } = trainTestSplit(data, trainingDataName(job, data));
  const models: ModelFit[] = registry.list('model').map(({ key }) => {
    const plugin = registry.model(key);
    const engines = registry.compatible(key);
    let reason: string | undefined;
    // Without a group column, a model that needs row groups is checked on everything else: Train Model asks for one.
    const needsGroups = plugin.data.groups === true && !train.groups;
    const requirements = needsGroups ? { ...plugin, data: { ...plugin.data, groups: false } } : plugin;
    try {
      checkDataRequirements(key, requirements, asModelData(train, plugin.data.kind));
      if (engines.length === 0) reason = `none of its inference engines (${plugin.supports.join(', ')}) is registered`;
    } catch (e) {
      reason = firstLine(e);
    }
    return {
      key,
      plugin: `${plugin.meta.name}@${plugin.meta.version}`,
      ...(plugin.meta.description && { description: plugin.meta.description }),
      fits: !reason,
      ...(reason && { reason }),
      engines,
      ...(needsGroups && { needsGroups }),
    };
  });
  return {
    kind: data.kind,
    nRows: data.nRows,
    nCols: data.nCols,
    columns: (data.kind === 'dense' ? data.columns : (data.vocabulary ?? [])).slice(0, 200),
    ...(data.kind === 'dense' && data.labelName && { labelName: data.labelName }),
    ...(data.groups && { groups: { name: data.groups.name, counts: groupCounts(data.groups.values) } }),
    models,
  };
}
