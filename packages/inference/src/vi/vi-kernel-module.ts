import type { KernelModule } from '@latentkit/core';
import * as kernels from './vi-kernels.js';

const KERNELS_FILE = './vi-kernels.js';

/** The id under which bundled worker entries register the VI gradient kernels (`runPoolWorker({ kernels })`). */
export const VI_KERNELS_ID = '@latentkit/inference/vi-kernels';

/** The VI gradient kernels (`vi-kernels.ts`) as block-pool threads find them. */
export const VI_KERNELS: KernelModule = { id: VI_KERNELS_ID, url: new URL(KERNELS_FILE, import.meta.url).href, local: kernels };

/** The kernel modules of this package by id, for the worker entry of a bundled app (`runPoolWorker({ kernels })`). */
export const kernelModules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { [VI_KERNELS_ID]: kernels };
