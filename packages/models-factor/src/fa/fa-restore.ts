import { validateParams, type SavedModel } from '@latentkit/registry';
import { loadFactorState } from '../shared/factor-load.js';
import { FA_KEY } from './fa-data.js';
import { FittedFa } from './fa-fitted.js';
import { faDefaults, faParamSpecs } from './fa-params.js';

/** Rebuild a fitted factor analysis model from `toJSON()` output, checking every shape and that the D noise variances ψ are positive. */
export function loadFa(saved: SavedModel): FittedFa {
  const { state, info } = loadFactorState(FA_KEY, saved, (r) => Float64Array.from(r.positive(r.state.noiseVariance, r.d, 'state.noiseVariance')));
  const params = validateParams(FA_KEY, faParamSpecs, faDefaults, saved.params as Record<string, unknown>);
  return new FittedFa(params, state, info);
}
