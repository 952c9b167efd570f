import { bayesianGmm } from './bgm/bayesian-gmm.js';
import { gmm } from './gmm/gaussian-mixture.js';

export { gmm } from './gmm/gaussian-mixture.js';
export { FittedGmm, GMM_KEY } from './gmm/gmm-fitted.js';
export { SingularCovarianceError } from './gmm/gmm-singular.js';
export { gmmDefaults, gmmParamSpecs, type CovarianceType, type GmmInit, type GmmParams } from './gmm/gmm-params.js';
export type { GmmState } from './gmm/gmm-state.js';
export { bayesianGmm } from './bgm/bayesian-gmm.js';
export { BGM_KEY, FittedBgm } from './bgm/bgm-fitted.js';
export { bgmDefaults, bgmParamSpecs, type BgmParams, type WeightConcentrationPriorType } from './bgm/bgm-params.js';
export type { BgmPriors, BgmState } from './bgm/bgm-state.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'mixture/gmm': import('./gmm/gmm-params.js').GmmParams;
    'mixture/bayesian-gmm': import('./bgm/bgm-params.js').BgmParams;
  }
}

/** Every model plugin of this package. */
export const mixturePlugins = [gmm, bayesianGmm] as const;

export default gmm;
