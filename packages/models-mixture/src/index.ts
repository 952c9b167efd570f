import { bayesianGmm } from './bgm/bayesian-gmm.js';
import { gmm } from './gmm/gaussian-mixture.js';

export { gmm } from './gmm/gaussian-mixture.js';
export { FittedGmm, GMM_KEY } from './gmm/gmm-fitted.js';
export { SingularCovarianceError } from './gmm/gmm-singular.js';
export { gmmDefaults, gmmParamSpecs, type CovarianceType, type GmmInit, type GmmParams } from './gmm/gmm-params.js';
export type { GmmState } from './gmm/gmm-state.js';
export { GMM_KERNELS, GMM_KERNELS_ID, kernelModules } from './gmm/gmm-kernel-module.js';
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

/**
 * Every plugin of this package: `mixture/gmm` and `mixture/bayesian-gmm`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/models-mixture';
 * createRegistry().register(...plugins, em, cavi);
 * ```
 */
export const plugins = [gmm, bayesianGmm] as const;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/models-mixture` (CLI) or
 * `latentkit.plugins` (VS Code) registers both mixtures.
 * @example
 * ```ts
 * import preset from '@latentkit/models-mixture';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
