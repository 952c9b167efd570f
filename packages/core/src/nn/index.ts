export { dense, usesTransposedGradient, type DenseGradient, type DenseOptions } from './dense.js';
