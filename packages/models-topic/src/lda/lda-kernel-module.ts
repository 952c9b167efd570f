import type { KernelModule } from '@latentkit/core';
import * as kernels from './lda-kernels.js';

const KERNELS_FILE = './lda-kernels.js';

/** The id under which bundled worker entries register the LDA kernels (`runPoolWorker({ kernels })`). */
export const LDA_KERNELS_ID = '@latentkit/models-topic/lda-kernels';

/** The LDA E-step kernels (`lda-kernels.ts`) as block-pool threads find them. */
export const LDA_KERNELS: KernelModule = { id: LDA_KERNELS_ID, url: new URL(KERNELS_FILE, import.meta.url).href, local: kernels };

/** The kernel modules of this package by id, for the worker entry of a bundled app (`runPoolWorker({ kernels })`). */
export const kernelModules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { [LDA_KERNELS_ID]: kernels };
