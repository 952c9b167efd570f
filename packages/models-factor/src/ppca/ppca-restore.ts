import { validateParams, type SavedModel } from '@latentkit/registry';
import { loadFactorState } from '../shared/factor-load.js';
import { PPCA_KEY } from './ppca-closed-form.js';
import { FittedPpca } from './ppca-fitted.js';
import { ppcaDefaults, ppcaParamSpecs } from './ppca-params.js';

/** Rebuild a fitted probabilistic PCA model from `toJSON()` output, checking every shape and that the noise variance σ² is positive. */
export function loadPpca(saved: SavedModel): FittedPpca {
  const { state, info } = loadFactorState(PPCA_KEY, saved, (r) => {
    const sigma2 = r.numbers([r.state.noiseVariance], 1, 'state.noiseVariance')[0];
    if (!(sigma2 > 0)) r.fail(`state.noiseVariance is ${sigma2}; expected a positive number`);
    return new Float64Array(r.d).fill(sigma2);
  });
  const params = validateParams(PPCA_KEY, ppcaParamSpecs, ppcaDefaults, saved.params as Record<string, unknown>);
  return new FittedPpca(params, state, info);
}
