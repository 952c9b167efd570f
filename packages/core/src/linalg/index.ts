export { fromRows, identity, matmul, matrix, matvec, toRows, transpose, type Matrix } from './matrix.js';
export { cholesky, choleskyWithJitter, NotPositiveDefiniteError, type CholeskyOptions, type CholeskyWithJitterResult } from './cholesky.js';
export { choleskySolve, invertLower, solveLower, solveLowerTransposed, solveUpper, type RightHandSide } from './triangular.js';
export { inverse, luDecompose, SingularMatrixError, type LuDecomposition } from './lu.js';
export { inverseSpd, logDet, logDetFromCholesky } from './spd.js';
export { symmetricEigen, type SymmetricEigenResult } from './symmetric-eigen.js';
export { thinSvd, type ThinSvdOptions, type ThinSvdResult } from './svd.js';
export { orthomaxRotation, quartimax, varimax, type RotationOptions, type RotationResult } from './rotation.js';
export { optimalAssignment, type AssignmentOptions, type AssignmentResult } from './assignment.js';
