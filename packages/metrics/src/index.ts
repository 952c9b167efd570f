import { ariPlugin } from './clustering/ari.js';
import { nmiPlugin } from './clustering/nmi.js';
import { dciPlugin } from './disentanglement/dci.js';
import { migPlugin } from './disentanglement/mig.js';
import { sapPlugin } from './disentanglement/sap.js';
import { blockR2Plugin } from './identifiability/block-r2.js';
import { leakagePlugin } from './identifiability/leakage.js';
import { crossMccPlugin } from './identifiability/cross-mcc.js';
import { mccPlugin } from './identifiability/mcc.js';
import { logLikelihoodPlugin } from './likelihood/log-likelihood.js';
import { perplexityPlugin } from './likelihood/perplexity.js';
import { ndcgAtKPlugin } from './ranking/ndcg-at-k.js';
import { recallAtKPlugin } from './ranking/recall-at-k.js';
import { graphAccuracyPlugin } from './structure/graph-accuracy.js';
import { supportRecoveryPlugin } from './structure/support-recovery.js';
import { coherencePlugin } from './topics/coherence.js';

export { mcc, mccPlugin, type MccParams } from './identifiability/mcc.js';
export { crossMcc, crossMccPlugin, type CrossMccParams } from './identifiability/cross-mcc.js';
export { blockR2, blockR2Plugin, type BlockR2Params } from './identifiability/block-r2.js';
export { leakage, leakagePlugin, type LeakageParams } from './identifiability/leakage.js';
export {
  kernelRidgeR2,
  r2Score,
  KERNEL_RIDGE_R2_DEFAULTS,
  KERNEL_RIDGE_R2_PARAMS,
  type KernelRidgeR2,
  type KernelRidgeR2Params,
} from './identifiability/kernel-ridge-r2.js';
export { mig, migPlugin, type MigParams } from './disentanglement/mig.js';
export { sap, sapPlugin, type SapParams } from './disentanglement/sap.js';
export { dci, dciPlugin, type DciParams, type DciPredictor, type DciValue } from './disentanglement/dci.js';
export { dciScores } from './disentanglement/dci-scores.js';
export { adjustedRandIndex, ariPlugin, type AriParams } from './clustering/ari.js';
export { normalizedMutualInfo, nmiPlugin, type AverageMethod, type NmiParams } from './clustering/nmi.js';
export { heldOutLogLikelihood, logLikelihoodPlugin, type LikelihoodFamily, type LogLikelihoodParams } from './likelihood/log-likelihood.js';
export { perplexity, perplexityPlugin, type PerplexityParams } from './likelihood/perplexity.js';
export { recallAtK, recallAtKPlugin, type RecallAtKParams } from './ranking/recall-at-k.js';
export { ndcgAtK, ndcgAtKPlugin, type NdcgAtKParams, type NdcgGain } from './ranking/ndcg-at-k.js';
export { topicCoherence, coherencePlugin, type CoherenceMeasure, type CoherenceParams } from './topics/coherence.js';
export { supportRecovery, supportRecoveryPlugin, type SupportRecoveryParams } from './structure/support-recovery.js';
export { graphAccuracy, graphAccuracyPlugin, type GraphAccuracyParams } from './structure/graph-accuracy.js';
export { matchLayeredGraphs, type GraphMatrix, type LayeredGraphMatch } from './structure/layered-graphs.js';
export { parameterRmse, type LayeredParameters } from './structure/parameter-rmse.js';
export { checkInputs, toTable, type Alignment, type MatrixInput, type Table } from './input/metric-input.js';
export type { CorrelationMethod } from './stats/correlation.js';
export { splitRows, type RowSplit } from './input/split-rows.js';
export type { ComputedMetric, MetricFunction, MetricValue } from './define-metric.js';

/** Every metric plugin of this package, registry keys `metrics/<id>`. */
export const metricPlugins = [
  mccPlugin,
  crossMccPlugin,
  blockR2Plugin,
  leakagePlugin,
  migPlugin,
  sapPlugin,
  dciPlugin,
  ariPlugin,
  nmiPlugin,
  logLikelihoodPlugin,
  perplexityPlugin,
  recallAtKPlugin,
  ndcgAtKPlugin,
  coherencePlugin,
  supportRecoveryPlugin,
  graphAccuracyPlugin,
] as const;

/**
 * Every plugin of this package (the same array as {@link metricPlugins}).
 * @example
 * ```ts
 * import { plugins } from '@latentkit/metrics';
 * createRegistry().register(...plugins);
 * ```
 */
export const plugins: typeof metricPlugins = metricPlugins;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/metrics` (CLI) or
 * `latentkit.plugins` (VS Code) registers every metric.
 * @example
 * ```ts
 * import preset from '@latentkit/metrics';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
