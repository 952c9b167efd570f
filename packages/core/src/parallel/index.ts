export * from './kernel.js';
export * from './block-pool.js';
export { loadKernelModule, runPoolWorker, type PoolWorkerOptions } from './pool-worker.js';
