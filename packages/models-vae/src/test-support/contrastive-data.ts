import type { DenseDataset } from '@latentkit/core';
import { contrastiveSim, type ContrastiveSimOptions } from '@latentkit/datasets';

/**
 * `contrastiveSim` with row groups: until the datasets package fills `groups` itself, they are built here from its
 * labels ('background'/'target', label name `group`); the `split` is dropped so every row is fitted.
 */
export function contrastiveData(options: ContrastiveSimOptions): ReturnType<typeof contrastiveSim> {
  const sim = contrastiveSim(options);
  const { split: _split, ...data } = sim.data;
  const groups = { name: data.labelName ?? 'group', values: (data.labels ?? []).map(String) };
  return { ...sim, data: { ...data, groups } satisfies DenseDataset };
}
