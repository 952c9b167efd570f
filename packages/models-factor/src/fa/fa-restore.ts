import type { RestoreInput } from '@latentkit/registry';
import { restoreFactorState } from '../shared/factor-restore.js';
import { FittedFa } from './fa-fitted.js';
import type { FaParams } from './fa-params.js';

/** Rebuild a fitted factor analysis model from a saved file, checking every shape and that the D noise variances ψ are positive. */
export function restoreFa(saved: RestoreInput<FaParams>): FittedFa {
  const state = restoreFactorState(saved, ({ d, state, reader }) => Float64Array.from(reader.positive(state.noiseVariance, d, 'state.noiseVariance')));
  return new FittedFa(saved.params, state, saved.info);
}
