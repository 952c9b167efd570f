export { loadH5ad, type H5adOptions } from './load-h5ad.js';
export type { NumericArray } from './h5-values.js';
export { compressedMatrixProblem, compressedToDense, type CompressedMatrix } from './sparse-to-dense.js';
