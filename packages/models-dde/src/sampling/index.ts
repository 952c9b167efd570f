export { copyLatents, type DdeChain } from './dde-chain.js';
export { gibbsSweep } from './gibbs-sweep.js';
export { jacobiSweep } from './jacobi-sweep.js';
export { simulateBlocks, openDdeSampling, closeDdeSampling, DDE_ROW_BLOCK, DDE_MIN_ROWS_PER_THREAD } from './dde-threads.js';
export { samplerModel, type SamplerModel } from './sampler-model.js';
