import { cavi } from './cavi/cavi.js';
import { em } from './em/em.js';
import { gibbs } from './gibbs/gibbs.js';
import { onlineVi } from './online-vi/online-vi.js';
import { saem } from './saem/saem.js';
import { vi } from './vi/vi.js';
import { estimatorPlugins } from './estimators/estimator-plugins.js';
import type { Plugin } from '@latentkit/registry';

export {
  drive,
  type DriveOptions,
  type DriveResult,
  type LoopPosition,
  type AsyncStepper,
  type StepControl,
  type StepOutcome,
  type Stepper,
  type SyncStepper,
} from './driver/drive.js';
export { keepsRestart, requireTerms, runWithRestarts, type EngineRecipe, type RunScore } from './driver/restarts.js';
export { cloneState, disposeAll, disposeReplaced, tensorsIn, tidyState } from './driver/tensor-state.js';
export { cavi, fitCavi } from './cavi/cavi.js';
export { em, fitEm } from './em/em.js';
export { fitEmStream } from './em/em-stream.js';
export { fitGibbs, gibbs, type GibbsChainTerms } from './gibbs/gibbs.js';
export { fitOnlineVi, onlineVi, stepSize, type OnlineViParams } from './online-vi/online-vi.js';
export { fitSaem, saem, saemStepper, type SaemLoopState } from './saem/saem.js';
export { saemDefaults, saemParamSpecs, saemStepSize, type SaemParams } from './saem/saem-params.js';
export { iterationSpecs, type IterationParams } from './driver/common-params.js';
export { engineParamsOf } from './driver/engine-params.js';
export { fitVi, fitViStream, vi } from './vi/vi.js';
export { evaluateVi } from './vi/evaluate-vi.js';
export { adam, createOptimizer, sgd, type AdamOptions, type Optimizer } from './vi/optimizer.js';
export { DEFAULT_TEMPERATURE, klWeightAt, learningRateAt, temperatureAt, type LearningRateParams } from './vi/schedules.js';
export { viDefaults, viParamSpecs, type ViParams } from './vi/vi-params.js';
export { kernelModules, VI_KERNELS, VI_KERNELS_ID } from './vi/vi-kernel-module.js';
export { VI_MIN_WORK_PER_THREAD, VI_SUB_BLOCK } from './vi/vi-threads.js';
export * from './estimators/index.js';
export * from './multi-objective/index.js';

/** Every inference engine of this package (the gradient estimators are {@link estimatorPlugins}). */
export const inferencePlugins = [em, cavi, onlineVi, gibbs, vi, saem] as const;

/**
 * Every plugin of this package: the inference engines ({@link inferencePlugins}) and the gradient estimators of
 * `inference/vi` ({@link estimatorPlugins}).
 * @example
 * ```ts
 * import { plugins } from '@latentkit/inference';
 * createRegistry().register(...plugins, gmm);
 * ```
 */
export const plugins: readonly Plugin[] = [...inferencePlugins, ...estimatorPlugins];

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/inference` (CLI) or
 * `latentkit.plugins` (VS Code) registers every engine and estimator.
 * @example
 * ```ts
 * import preset from '@latentkit/inference';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
