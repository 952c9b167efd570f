// The block-pool worker of the bundled CLI (dist/worker.js, next to dist/cli.js): core's worker body with the
// built-in kernel modules registered statically, since the bundle has no module files for a worker to import.
import { BUILTIN_KERNELS } from '@latentkit/app';
import { runPoolWorker } from '@latentkit/core';

runPoolWorker({ kernels: BUILTIN_KERNELS });
