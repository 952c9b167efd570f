/**
 * Products with a lower-triangular D×D matrix L (row-major, entries above the diagonal ignored), in float64, as the
 * GMM's per-component frames need them: L v, and the congruence L M Lᵀ.
 */

/** out (+)= L v, reading only the lower triangle of `l`. */
export function lowerTimesVector(l: Float64Array, v: ArrayLike<number>, d: number, out: Float64Array, accumulate = false): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += l[i * d + j] * v[j];
    out[i] = accumulate ? out[i] + s : s;
  }
}

/** out (+)= L M Lᵀ for a D×D `m`, reading only the lower triangle of `l`; `tmp` is D×D scratch space. */
export function lowerCongruence(l: Float64Array, m: ArrayLike<number>, d: number, out: Float64Array, tmp: Float64Array, accumulate = false): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let t = 0; t <= i; t++) s += l[i * d + t] * m[t * d + j];
      tmp[i * d + j] = s;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let t = 0; t <= j; t++) s += tmp[i * d + t] * l[j * d + t];
      out[i * d + j] = accumulate ? out[i * d + j] + s : s;
    }
  }
}
