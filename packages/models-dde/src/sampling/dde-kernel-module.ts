import type { KernelModule } from '@latentkit/core';
import * as kernels from './dde-kernels.js';

const KERNELS_FILE = './dde-kernels.js';

/** The id under which bundled worker entries register the DDE kernels (`runPoolWorker({ kernels })`). */
export const DDE_KERNELS_ID = '@latentkit/models-dde/dde-kernels';

/** The DDE simulation-step kernels (`dde-kernels.ts`) as block-pool threads find them. */
export const DDE_KERNELS: KernelModule = { id: DDE_KERNELS_ID, url: new URL(KERNELS_FILE, import.meta.url).href, local: kernels };

/** The kernel modules of this package by id, for the worker entry of a bundled app (`runPoolWorker({ kernels })`). */
export const kernelModules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { [DDE_KERNELS_ID]: kernels };
