import type { DenseDataset } from '@latentkit/core';
import { prepareDdeData, type DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';

/** `data` checked and converted with the state's own family per column (as `likelihoods` names them). */
export function prepareForState(state: Pick<DdeState, 'columns' | 'families'>, data: DenseDataset): DdeData {
  const likelihoods = Object.fromEntries(state.columns.map((c, j) => [c, state.families[j]]));
  return prepareDdeData(data, { likelihood: state.families[0] ?? 'bernoulli', likelihoods });
}
