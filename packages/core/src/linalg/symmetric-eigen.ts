import { axpy, dot } from './blas.js';
import { assertSquare, type Matrix } from './matrix.js';
import { hypot } from './hypot.js';

/** Result of {@link symmetricEigen}. */
export interface SymmetricEigenResult {
  /** Eigenvalues λ₁ ≥ λ₂ ≥ … ≥ λₙ. */
  values: Float64Array;
  /** n×n orthogonal matrix whose column j is the unit eigenvector for `values[j]`. */
  vectors: Matrix;
}

/**
 * Householder reduction of a symmetric matrix to tridiagonal form (EISPACK tred2 as in JAMA),
 * working on W = Vᵀ so that every inner loop runs along a row of the row-major array.
 * On return `d` holds the diagonal, `e[1..n-1]` the sub-diagonal, and the rows of `w` the accumulated transform.
 */
function tred2(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        const wj = j * n;
        f = d[j];
        w[i * n + j] = f;
        let g0 = e[j] + w[wj + j] * f;
        let g1 = 0;
        let k = j + 1;
        for (; k + 1 <= i - 1; k += 2) {
          const x0 = w[wj + k];
          const x1 = w[wj + k + 1];
          g0 += x0 * d[k];
          g1 += x1 * d[k + 1];
          e[k] += x0 * f;
          e[k + 1] += x1 * f;
        }
        if (k <= i - 1) {
          g0 += w[wj + k] * d[k];
          e[k] += w[wj + k] * f;
        }
        e[j] = g0 + g1;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const wj = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) w[wj + k] -= f * e[k] + g * d[k];
        d[j] = w[wj + i - 1];
        w[wj + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    const wi = i * n;
    const wi1 = (i + 1) * n;
    w[wi + n - 1] = w[wi + i];
    w[wi + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[wi1 + k] / h;
      for (let j = 0; j <= i; j++) axpy(-dot(w, wi1, w, j * n, i + 1), d, 0, w, j * n, i + 1);
    }
    for (let k = 0; k <= i; k++) w[wi1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1];
    w[j * n + n - 1] = 0;
  }
  w[n * n - 1] = 1;
  e[0] = 0;
}

/**
 * Applies the rotations of one QL sweep, i = m−1 down to l on column pairs (i, i+1) of the row-major V:
 * (vᵢ, vᵢ₊₁) ← (c·vᵢ − s·vᵢ₊₁, s·vᵢ + c·vᵢ₊₁). Row by row with column i carried in a register, four rows interleaved.
 */
function applyQlSweep(v: Float64Array, n: number, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const o0 = k * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let a0 = v[o0 + m];
    let a1 = v[o1 + m];
    let a2 = v[o2 + m];
    let a3 = v[o3 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i];
      const s = sn[i];
      const b0 = v[o0 + i];
      const b1 = v[o1 + i];
      const b2 = v[o2 + i];
      const b3 = v[o3 + i];
      v[o0 + i + 1] = s * b0 + c * a0;
      v[o1 + i + 1] = s * b1 + c * a1;
      v[o2 + i + 1] = s * b2 + c * a2;
      v[o3 + i + 1] = s * b3 + c * a3;
      a0 = c * b0 - s * a0;
      a1 = c * b1 - s * a1;
      a2 = c * b2 - s * a2;
      a3 = c * b3 - s * a3;
    }
    v[o0 + l] = a0;
    v[o1 + l] = a1;
    v[o2 + l] = a2;
    v[o3 + l] = a3;
  }
  for (; k < n; k++) {
    const o = k * n;
    let a = v[o + m];
    for (let i = m - 1; i >= l; i--) {
      const b = v[o + i];
      v[o + i + 1] = sn[i] * b + cs[i] * a;
      a = cs[i] * b - sn[i] * a;
    }
    v[o + l] = a;
  }
}

/** Implicit QL iterations on the tridiagonal matrix (EISPACK tql2 as in JAMA), rotating the columns of the row-major V. */
function tql2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[i] = c;
          sn[i] = s;
        }
        applyQlSweep(v, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * Eigendecomposition of a real symmetric matrix, A = V·diag(λ)·Vᵀ with V orthogonal (A·vⱼ = λⱼ·vⱼ).
 *
 * Householder tridiagonalisation followed by the implicit QL algorithm with Wilkinson-type shifts
 * (EISPACK tred2/tql2, as in JAMA), about 9n³ flops with vectors. Eigenvalues are accurate to about ε·‖A‖₂ in absolute
 * terms; eigenvectors of (nearly) repeated eigenvalues are an arbitrary orthonormal basis of their eigenspace,
 * and each vector's sign is arbitrary.
 *
 * @param a - Symmetric n×n matrix; only its lower triangle is read.
 * @returns Eigenvalues in descending order and the matching eigenvectors as columns.
 * @throws RangeError when `a` has a non-finite entry; Error if QL fails to converge (not expected in practice).
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigen(fromRows([[2, 1], [1, 2]])); // values [3, 1]
 * ```
 */
export function symmetricEigen(a: Matrix): SymmetricEigenResult {
  assertSquare(a, 'symmetricEigen');
  const n = a.rows;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = a.data[i * n + j];
      if (!Number.isFinite(v)) throw new RangeError(`symmetricEigen: entry (${i}, ${j}) is ${v}`);
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const v = new Float64Array(n * n);
  if (n > 0) {
    tred2(w, d, e, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) v[j * n + i] = w[i * n + j];
    }
    tql2(v, d, e, n);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) values[c] = d[order[c]];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) vectors[r * n + c] = v[r * n + order[c]];
  }
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}
