import { betaTcvae } from './beta-tcvae/beta-tcvae.js';
import { discreteVae } from './discrete/discrete-vae.js';
import { hierarchicalVae } from './hierarchical/hierarchical-vae.js';
import { sparseVae } from './sparse-vae/sparse-vae.js';
import { vsc } from './vsc/vsc.js';
import { betaVae, vae } from './vae/vae.js';
import { cvae } from './contrastive/cvae.js';

export { vae, betaVae, type VaeParams } from './vae/vae.js';
export { cvae } from './contrastive/cvae.js';
export type { CvaeParams, CvaePrior, CvaeRegularizer, CvaeSalientBlocks, CvaeTraining } from './contrastive/cvae-params.js';
export { hsic, mmd, wassersteinToZero, MMD_GAMMAS } from './contrastive/cvae-regularizers.js';
export { betaTcvae, type BetaTcvaeParams } from './beta-tcvae/beta-tcvae.js';
export { mwsDecomposition, type KlDecomposition } from './beta-tcvae/mws.js';
export { discreteVae, type DiscreteVaeParams } from './discrete/discrete-vae.js';
export type { CodeType } from './discrete/discrete-codes.js';
export { hierarchicalVae, type HierarchicalVaeParams } from './hierarchical/hierarchical-vae.js';
export { vsc, type VscParams } from './vsc/vsc.js';
export { sparseVae, sparseVaeMask } from './sparse-vae/sparse-vae.js';
export type { SparseVaeParams } from './sparse-vae/sparse-vae-params.js';
export type { SparseVaeMask } from './sparse-vae/sparse-vae-report.js';
export { sslEStep, sslMStep, noisePriorScale, type SslNormalizer, type SslSettings } from './sparse-vae/ssl-prior.js';
export { FittedVae, EVAL_SEED } from './common/vae-fitted.js';
export { kernelModules, VAE_THREAD_TERMS, VAE_THREAD_TERMS_ID } from './common/vae-thread-module.js';
export { restoreVae } from './common/vae-restore.js';
export { imageSide, vaeViews, type VaeViewSource } from './common/vae-views.js';
export type { VaeState, VaeFamily, ExtraState, BatchObjective } from './common/vae-family.js';
export type { VaeCommonParams, VaeTrainingParams } from './common/vae-params.js';
export type { LikelihoodKind } from './common/likelihood.js';
export { CONSTANT_SPREAD, type Batch, type DataInfo, type InputTransform, type RowGroupCodes, type RowUse, type VaeData } from './common/vae-data.js';
export type { WeightValue, WeightValues, Weights } from './nn/weights.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'vae/vae': import('./vae/vae.js').VaeParams;
    'vae/beta-vae': import('./vae/vae.js').VaeParams;
    'vae/beta-tcvae': import('./beta-tcvae/beta-tcvae.js').BetaTcvaeParams;
    'vae/hierarchical-vae': import('./hierarchical/hierarchical-vae.js').HierarchicalVaeParams;
    'vae/discrete-vae': import('./discrete/discrete-vae.js').DiscreteVaeParams;
    'vae/vsc': import('./vsc/vsc.js').VscParams;
    'vae/sparse-vae': import('./sparse-vae/sparse-vae-params.js').SparseVaeParams;
    'contrastive/cvae': import('./contrastive/cvae-params.js').CvaeParams;
  }
}

/**
 * Every plugin of this package: the seven models of the VAE family (`vae/vae`, `vae/beta-vae`, `vae/beta-tcvae`,
 * `vae/hierarchical-vae`, `vae/discrete-vae`, `vae/vsc`, `vae/sparse-vae`) and the contrastive VAE
 * `contrastive/cvae`, all fitted by `inference/vi`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/models-vae';
 * createRegistry().register(...plugins, vi, ...estimatorPlugins);
 * ```
 */
export const plugins = [vae, betaVae, betaTcvae, hierarchicalVae, discreteVae, vsc, sparseVae, cvae] as const;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/models-vae` (CLI) or
 * `latentkit.plugins` (VS Code) registers every VAE.
 * @example
 * ```ts
 * import preset from '@latentkit/models-vae';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
