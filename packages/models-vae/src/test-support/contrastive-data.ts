import { contrastiveSim, type ContrastiveSimOptions } from '@latentkit/datasets';

/** `contrastiveSim` (with its row groups) without its `split`, so that every row is fitted. */
export function contrastiveData(options: ContrastiveSimOptions): ReturnType<typeof contrastiveSim> {
  const sim = contrastiveSim(options);
  const { split: _split, ...data } = sim.data;
  return { ...sim, data };
}
