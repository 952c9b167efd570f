import { fa } from './fa/factor-analysis.js';
import { ppca } from './ppca/probabilistic-pca.js';

export { fa } from './fa/factor-analysis.js';
export { FittedFa } from './fa/fa-fitted.js';
export { FA_KEY } from './fa/fa-data.js';
export { faDefaults, faParamSpecs, type FaMethod, type FaParams } from './fa/fa-params.js';
export { ppca } from './ppca/probabilistic-pca.js';
export { FittedPpca } from './ppca/ppca-fitted.js';
export { PPCA_KEY } from './ppca/ppca-closed-form.js';
export { ppcaDefaults, ppcaParamSpecs, type PpcaMethod, type PpcaParams } from './ppca/ppca-params.js';
export { FittedFactorModel, type FactorState } from './shared/factor-fitted.js';
export { FACTOR_ROTATIONS, type FactorRotation } from './shared/orient-loadings.js';
export type { LinearGaussian } from './shared/linear-gaussian.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'factor/fa': import('./fa/fa-params.js').FaParams;
    'factor/ppca': import('./ppca/ppca-params.js').PpcaParams;
  }
}

/** Every model plugin of this package. */
export const factorPlugins = [fa, ppca] as const;

export default factorPlugins;
