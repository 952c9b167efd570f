export * from './matrix.js';
export * from './cholesky.js';
export * from './triangular.js';
export * from './spd.js';
export * from './lu.js';
export * from './symmetric-eigen.js';
export * from './svd.js';
