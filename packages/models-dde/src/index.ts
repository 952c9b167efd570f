import { dde } from './dde.js';

export { dde } from './dde.js';
export { ddeDefaults, ddeParamSpecs, type DdeParams } from './dde-params.js';
export { DDE_FAMILIES, layerWidths, type DdeFamily, type DdeLayer, type DdeLayerSelection, type DdeState } from './dde-state.js';
export { prepareDdeData, type DdeData } from './dde-data.js';
export { defaultPenalty, GIBBS_TOL, REFERENCE_TOL } from './dde-resolve.js';
export { saemSchedule } from './dde.js';
export { DDE_KERNELS, DDE_KERNELS_ID, kernelModules } from './sampling/dde-kernel-module.js';
export { DDE_MIN_ROWS_PER_THREAD, DDE_ROW_BLOCK } from './sampling/dde-threads.js';
export { FittedDde } from './fitted/dde-fitted.js';
export {
  selectLayerWidths,
  spectralInit,
  type SelectionLatents,
  type SelectWidthsOptions,
  type SpectralInit,
  type SpectralInitOptions,
  type SpectralVariant,
} from './spectral/index.js';
export { ebic, ebicDegreesOfFreedom, ebicModelSize, ddeFreeParameters } from './likelihood/ebic.js';
export { exactLayerPosterior, exactLogLikelihood, jointStateCount } from './likelihood/enumeration.js';
export { importanceLogLikelihood, type ImportanceEstimate, type ImportanceOptions } from './likelihood/importance.js';
export { ddeViews } from './views/dde-views.js';
export * from './text/index.js';

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'dde/dde': import('./dde-params.js').DdeParams;
  }
}

/**
 * Every plugin of this package: `dde/dde`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/models-dde';
 * import { saem } from '@latentkit/inference';
 * createRegistry().register(...plugins, saem);
 * ```
 */
export const plugins = [dde] as const;

/** The preset of this package, `{ plugins }` (the default export, for `--plugin @latentkit/models-dde`). */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
