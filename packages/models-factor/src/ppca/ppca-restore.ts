import type { RestoreInput } from '@latentkit/registry';
import { restoreFactorState } from '../shared/factor-restore.js';
import { FittedPpca } from './ppca-fitted.js';
import type { PpcaParams } from './ppca-params.js';

/** Rebuild a fitted probabilistic PCA model from a saved file, checking every shape and that the noise variance σ² is positive. */
export function restorePpca(saved: RestoreInput<PpcaParams>): FittedPpca {
  const state = restoreFactorState(saved, ({ d, state, reader }) => {
    const sigma2 = reader.numbers([state.noiseVariance], 1, 'state.noiseVariance')[0];
    if (!(sigma2 > 0)) reader.fail(`state.noiseVariance is ${sigma2}; expected a positive number`);
    return new Float64Array(d).fill(sigma2);
  });
  return new FittedPpca(saved.params, state, saved.info);
}
