import type { KernelModule } from '@latentkit/core';
import * as terms from './vae-thread-terms.js';

const TERMS_FILE = './vae-thread-terms.js';

/** The id under which bundled worker entries register the VAE family's thread terms (`runPoolWorker({ kernels })`). */
export const VAE_THREAD_TERMS_ID = '@latentkit/models-vae/vae-thread-terms';

/** The module whose `viTerms(args)` builds a VAE's terms again on a worker thread of `inference/vi` (`ViThreadTerms.module`). */
export const VAE_THREAD_TERMS: KernelModule = { id: VAE_THREAD_TERMS_ID, url: new URL(TERMS_FILE, import.meta.url).href, local: terms };

/** The kernel modules of this package by id, for the worker entry of a bundled app (`runPoolWorker({ kernels })`). */
export const kernelModules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { [VAE_THREAD_TERMS_ID]: terms };
