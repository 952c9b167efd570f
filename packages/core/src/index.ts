export * from './backend.js';
export * from './random/rng.js';
export * from './data/index.js';
export * from './linalg/index.js';
export * from './special/index.js';
export * from './distributions/index.js';
export * from './nn/index.js';
export * from './error-text.js';
