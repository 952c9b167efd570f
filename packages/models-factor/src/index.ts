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

/**
 * Every plugin of this package: `factor/fa` and `factor/ppca`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/models-factor';
 * createRegistry().register(...plugins, em);
 * ```
 */
export const plugins = [fa, ppca] as const;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/models-factor` (CLI) or
 * `latentkit.plugins` (VS Code) registers both factor models.
 * @example
 * ```ts
 * import preset from '@latentkit/models-factor';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins to register: {@link plugins}, `factor/fa` and `factor/ppca`. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
