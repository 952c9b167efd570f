import { kernelModules as viKernels } from '@latentkit/inference';
import { kernelModules as ddeKernels } from '@latentkit/models-dde';
import { kernelModules as mixtureKernels } from '@latentkit/models-mixture';
import { kernelModules as topicKernels } from '@latentkit/models-topic';
import { kernelModules as vaeKernels } from '@latentkit/models-vae';

/**
 * The block-pool kernel modules of the built-in plugins, by id: what a bundled app's worker entry registers with
 * `runPoolWorker({ kernels: BUILTIN_KERNELS })`, since a bundle has no module files for the workers to import.
 * @example
 * ```ts
 * // worker.ts, bundled next to the app as worker.js; the app calls setPoolWorkerScript(new URL('./worker.js', import.meta.url))
 * import { runPoolWorker } from '@latentkit/core';
 * import { BUILTIN_KERNELS } from '@latentkit/app';
 * runPoolWorker({ kernels: BUILTIN_KERNELS });
 * ```
 */
export const BUILTIN_KERNELS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ...mixtureKernels,
  ...topicKernels,
  ...ddeKernels,
  ...viKernels,
  ...vaeKernels,
};
