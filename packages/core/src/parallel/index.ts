export * from './kernel.js';
export * from './block-pool.js';
export { runPoolWorker, type PoolWorkerOptions } from './pool-worker.js';
