/** Lower Cholesky factor L (row-major, d × d) of a symmetric positive-definite matrix, L·Lᵀ = A. */
export function choleskyLower(a: readonly (readonly number[])[]): Float64Array {
  const d = a.length;
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('matrix is not positive definite');
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  return l;
}
