import { cholesky, choleskySolve, matrix, type Matrix } from '@latentkit/core';

/** A fitted kernel ridge regression with the RBF kernel. */
export interface KernelRidgeFit {
  /** Predictions (row-major m × outputs) at the rows of a row-major matrix with the training features. */
  predict(x: Float64Array, m: number): Float64Array;
}

/**
 * scikit-learn's `KernelRidge(alpha, kernel='rbf', gamma)`: dual coefficients A = (K + αI)⁻¹Y with
 * K_ij = exp(−γ‖xᵢ − xⱼ‖²) (no intercept), predictions K(x, X)·A; solved by a float64 Cholesky factorisation.
 *
 * @param x - row-major n×p training inputs; `y` row-major n×q targets.
 */
export function fitKernelRidge(x: Float64Array, y: Float64Array, n: number, p: number, q: number, alpha: number, gamma: number): KernelRidgeFit {
  const k = rbfKernel(x, n, x, n, p, gamma);
  for (let i = 0; i < n; i++) k.data[i * n + i] += alpha;
  const dual = choleskySolve(cholesky(k, { name: 'kernel matrix + alpha*I', hint: 'increase alpha' }), matrix(n, q, y.slice()));
  return {
    predict(xt, m) {
      const kt = rbfKernel(xt, m, x, n, p, gamma);
      const out = new Float64Array(m * q);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          const kij = kt.data[i * n + j];
          for (let c = 0; c < q; c++) out[i * q + c] += kij * dual.data[j * q + c];
        }
      return out;
    },
  };
}

function rbfKernel(a: Float64Array, na: number, b: Float64Array, nb: number, p: number, gamma: number): Matrix {
  const out = matrix(na, nb);
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) {
      let d = 0;
      for (let c = 0; c < p; c++) {
        const t = a[i * p + c] - b[j * p + c];
        d += t * t;
      }
      out.data[i * nb + j] = Math.exp(-gamma * d);
    }
  return out;
}
