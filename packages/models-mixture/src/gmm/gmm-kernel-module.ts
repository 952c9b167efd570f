import type { KernelModule } from '@latentkit/core';
import * as kernels from './gmm-kernels.js';

const KERNELS_FILE = './gmm-kernels.js';

/** The id under which bundled worker entries register the GMM kernels (`runPoolWorker({ kernels })`). */
export const GMM_KERNELS_ID = '@latentkit/models-mixture/gmm-kernels';

/** The GMM E-step kernels (`gmm-kernels.ts`) as block-pool threads find them. */
export const GMM_KERNELS: KernelModule = { id: GMM_KERNELS_ID, url: new URL(KERNELS_FILE, import.meta.url).href, local: kernels };

/** The kernel modules of this package by id, for the worker entry of a bundled app (`runPoolWorker({ kernels })`). */
export const kernelModules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { [GMM_KERNELS_ID]: kernels };
