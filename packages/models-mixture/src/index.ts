import { gmm } from './gmm/gaussian-mixture.js';

export { gmm } from './gmm/gaussian-mixture.js';
export { FittedGmm, GMM_KEY } from './gmm/gmm-fitted.js';
export { gmmDefaults, gmmParamSpecs, type CovarianceType, type GmmInit, type GmmParams } from './gmm/gmm-params.js';
export type { GmmState } from './gmm/gmm-state.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'mixture/gmm': import('./gmm/gmm-params.js').GmmParams;
  }
}

/** Every model plugin of this package. */
export const mixturePlugins = [gmm] as const;

export default gmm;
