// The entry of core's block-pool worker threads (dist/parallel/worker.js); kernel modules are imported by URL.
import { runPoolWorker } from './pool-worker.js';

runPoolWorker();
