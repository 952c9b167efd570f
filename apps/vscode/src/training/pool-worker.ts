// Entry of the block-pool workers of a fit (bundled to dist/pool-worker.cjs): core's worker body with the built-in
// kernel modules registered statically and the backends bundled into it, as in the training worker.
import { BUILTIN_KERNELS } from '@latentkit/app';
import { runPoolWorker } from '@latentkit/core';
import { importBundledBackend } from './start-backend.js';

runPoolWorker({ kernels: BUILTIN_KERNELS, importModule: importBundledBackend });
