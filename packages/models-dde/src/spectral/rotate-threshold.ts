import { matmul, varimax, type Matrix } from '@latentkit/core';

/** MATLAB `rotatefactors`' default relative tolerance on the criterion, √ε_mach. */
export const VARIMAX_TOL = Math.sqrt(2 ** -52);

/**
 * Varimax with Kaiser normalisation, as MATLAB's `rotatefactors(V, 'method', 'varimax', 'Maxit', maxIter)` (whose
 * `Normalize` default is 'on'): rows of V are scaled to unit length, rotated by core's orthomax iteration
 * (R ← U·Wᵀ from the SVD of Λᵀ(B∘B∘B − B·diag(mean(B∘B))), the same fixed-point iteration as MATLAB's), and the
 * rotation R is applied to the unscaled V. Stops when the criterion gains less than a relative √ε_mach (MATLAB's
 * `Reltol` default) or after `maxIter` iterations. Zero rows are left out of the normalisation.
 *
 * @param v - c × k loadings (k ≥ 2).
 * @returns V·R (c × k).
 */
export function kaiserVarimax(v: Matrix, maxIter: number): Matrix {
  const { rows: c, cols: k, data } = v;
  const scaled = new Float64Array(c * k);
  for (let a = 0; a < c; a++) {
    let h = 0;
    for (let t = 0; t < k; t++) h += data[a * k + t] ** 2;
    h = Math.sqrt(h);
    for (let t = 0; t < k; t++) scaled[a * k + t] = h > 0 ? data[a * k + t] / h : 0;
  }
  const { rotation } = varimax({ rows: c, cols: k, data: scaled }, { maxIter, tol: VARIMAX_TOL });
  return matmul(v, rotation);
}

/** Zeroes the entries with |b| < threshold in place (the reference's `thres`). */
export function hardThreshold(b: Matrix, threshold: number): void {
  for (let i = 0; i < b.data.length; i++) if (Math.abs(b.data[i]) < threshold) b.data[i] = 0;
}

/** Flips each column's sign unless its mean is > 0 (the reference's `2·(mean > 0) − 1` multiplier), in place. */
export function flipColumnSigns(b: Matrix): void {
  const { rows, cols, data } = b;
  for (let t = 0; t < cols; t++) {
    let sum = 0;
    for (let a = 0; a < rows; a++) sum += data[a * cols + t];
    if (sum > 0) continue;
    for (let a = 0; a < rows; a++) data[a * cols + t] = -data[a * cols + t];
  }
}

/**
 * Steps 4–6 of ALGORITHMS.md §2.2 from the top-k right singular vectors V_k (c × k) of Z: varimax with Kaiser
 * normalisation, hard threshold |r| < `threshold` → 0, and the sign flip; with k = 1 the first singular vector is
 * used unrotated and unthresholded (sign-flipped), as the reference does for K = 1.
 *
 * @returns B̂ (c × k); its support is Ĝ.
 */
export function rotatedLoadings(vk: Matrix, threshold: number, maxIter: number): Matrix {
  const b = vk.cols === 1 ? { rows: vk.rows, cols: 1, data: Float64Array.from(vk.data) } : kaiserVarimax(vk, maxIter);
  if (vk.cols > 1) hardThreshold(b, threshold);
  flipColumnSigns(b);
  return b;
}
