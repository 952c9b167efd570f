import { lda } from './lda/latent-dirichlet-allocation.js';

export { lda } from './lda/latent-dirichlet-allocation.js';
export { FittedLda, initialLda, LDA_KEY, ldaFittedState, type LdaFittedState, type TopicWords } from './lda/lda-fitted.js';
export { kernelModules, LDA_KERNELS, LDA_KERNELS_ID } from './lda/lda-kernel-module.js';
export { ldaViews, MAX_HEATMAP_WORDS, type LdaViewSource } from './lda/lda-views.js';
export {
  ldaDefaults,
  ldaParamSpecs,
  effectivePriors,
  LDA_GIBBS_SWEEPS,
  LDA_VB_PASSES,
  type LdaDocTopicInit,
  type LdaInit,
  type LdaLearningMethod,
  type LdaParams,
} from './lda/lda-params.js';
export { hashComponents, type LdaTopics } from './lda/lda-topics.js';
export { completionSplit, type LdaCorpus } from './lda/lda-corpus.js';
export type { LdaGibbsState, LdaState, LdaVbState } from './lda/lda-state.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'topic/lda': import('./lda/lda-params.js').LdaParams;
  }
}

/**
 * Every plugin of this package: `topic/lda`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/models-topic';
 * createRegistry().register(...plugins, cavi, onlineVi, gibbs);
 * ```
 */
export const plugins = [lda] as const;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/models-topic` (CLI) or
 * `latentkit.plugins` (VS Code) registers the topic model.
 * @example
 * ```ts
 * import preset from '@latentkit/models-topic';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
