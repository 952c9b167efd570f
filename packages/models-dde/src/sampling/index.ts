export { copyLatents, type DdeChain } from './dde-chain.js';
export { gibbsSweep } from './gibbs-sweep.js';
export { jacobiSweep } from './jacobi-sweep.js';
export { simulateDde } from './simulate.js';
export { samplerModel, type SamplerModel } from './sampler-model.js';
