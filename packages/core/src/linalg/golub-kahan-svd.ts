import { axpy, axpy4, projectColumns, scatter4 } from './blas.js';
import { hypot } from './hypot.js';
import { norm2 } from './norm.js';

/** Leading k singular triplets of an m×n matrix with m ≥ n: A ≈ U·diag(s)·Vᵀ. */
export interface RowMajorSvd {
  /** Singular values, descending, length k. */
  s: Float64Array;
  /** U, m×k, row-major. */
  u: Float64Array;
  /** V, n×k, row-major. */
  v: Float64Array;
}

const EPS = 2 ** -52;
const TINY = 2 ** -966;

/**
 * Householder bidiagonalisation (LINPACK dsvdc / JAMA) of the column-major m×n matrix `a` (overwritten), generating
 * U (m×n) and V (n×n), both column-major; the diagonal goes to `s`, the super-diagonal to `e`.
 */
function bidiagonalise(a: Float64Array, m: number, n: number, s: Float64Array, e: Float64Array, u: Float64Array, v: Float64Array): void {
  const work = new Float64Array(m);
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const ck = k * m;
    if (k < nct) {
      s[k] = norm2(a, ck + k, m - k);
      if (s[k] !== 0) {
        if (a[ck + k] < 0) s[k] = -s[k];
        const inv = 1 / s[k];
        for (let i = k; i < m; i++) a[ck + i] *= inv;
        a[ck + k] += 1;
      }
      s[k] = -s[k];
    }
    if (k < nct && s[k] !== 0) projectColumns(-1 / a[ck + k], a, ck + k, m - k, a, k, m, k + 1, n);
    for (let j = k + 1; j < n; j++) e[j] = a[j * m + k];
    if (k < nct) {
      for (let i = k; i < m; i++) u[ck + i] = a[ck + i];
    }
    if (k < nrt) {
      e[k] = norm2(e, k + 1, n - k - 1);
      if (e[k] !== 0) {
        if (e[k + 1] < 0) e[k] = -e[k];
        const inv = 1 / e[k];
        for (let i = k + 1; i < n; i++) e[i] *= inv;
        e[k + 1] += 1;
      }
      e[k] = -e[k];
      if (k + 1 < m && e[k] !== 0) {
        work.fill(0, k + 1, m);
        const len = m - k - 1;
        let j = k + 1;
        for (; j + 3 < n; j += 4) {
          const c = j * m + k + 1;
          axpy4(e[j], e[j + 1], e[j + 2], e[j + 3], a, c, c + m, c + 2 * m, c + 3 * m, work, k + 1, len);
        }
        for (; j < n; j++) axpy(e[j], a, j * m + k + 1, work, k + 1, len);
        const f = -1 / e[k + 1];
        for (j = k + 1; j + 3 < n; j += 4) {
          const c = j * m + k + 1;
          scatter4(f * e[j], f * e[j + 1], f * e[j + 2], f * e[j + 3], work, k + 1, a, c, c + m, c + 2 * m, c + 3 * m, len);
        }
        for (; j < n; j++) axpy(f * e[j], work, k + 1, a, j * m + k + 1, len);
      }
      for (let i = k + 1; i < n; i++) v[k * n + i] = e[i];
    }
  }

  if (nct < n) s[nct] = a[nct * m + nct];
  if (nrt + 1 < n) e[nrt] = a[(n - 1) * m + nrt];
  e[n - 1] = 0;

  for (let j = nct; j < n; j++) {
    u.fill(0, j * m, (j + 1) * m);
    u[j * m + j] = 1;
  }
  for (let k = nct - 1; k >= 0; k--) {
    const ck = k * m;
    if (s[k] !== 0) {
      projectColumns(-1 / u[ck + k], u, ck + k, m - k, u, k, m, k + 1, n);
      for (let i = k; i < m; i++) u[ck + i] = -u[ck + i];
      u[ck + k] += 1;
      u.fill(0, ck, ck + k);
    } else {
      u.fill(0, ck, ck + m);
      u[ck + k] = 1;
    }
  }

  for (let k = n - 1; k >= 0; k--) {
    const ck = k * n;
    if (k < nrt && e[k] !== 0) {
      projectColumns(-1 / v[ck + k + 1], v, ck + k + 1, n - k - 1, v, k + 1, n, k + 1, n);
    }
    v.fill(0, ck, ck + n);
    v[ck + k] = 1;
  }
}

/** Rotates columns p and q of a row-major matrix: (x_p, x_q) ← (cs·x_p + sn·x_q, −sn·x_p + cs·x_q). */
function rotateColumns(x: Float64Array, rows: number, stride: number, p: number, q: number, cs: number, sn: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * stride;
    const xp = x[o + p];
    const xq = x[o + q];
    x[o + p] = cs * xp + sn * xq;
    x[o + q] = -sn * xp + cs * xq;
  }
}

/**
 * Applies the chain of rotations of one QR sweep, on column pairs (j, j+1) for j = from … to−1 in that order,
 * row by row, carrying column j+1 in a register (LAPACK `dlasr` style). Four rows run interleaved so that their
 * dependency chains overlap.
 */
function applySweep(x: Float64Array, rows: number, stride: number, from: number, to: number, cs: Float64Array, sn: Float64Array): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const o0 = i * stride;
    const o1 = o0 + stride;
    const o2 = o1 + stride;
    const o3 = o2 + stride;
    let a0 = x[o0 + from];
    let a1 = x[o1 + from];
    let a2 = x[o2 + from];
    let a3 = x[o3 + from];
    for (let j = from; j < to; j++) {
      const c = cs[j];
      const s = sn[j];
      const b0 = x[o0 + j + 1];
      const b1 = x[o1 + j + 1];
      const b2 = x[o2 + j + 1];
      const b3 = x[o3 + j + 1];
      x[o0 + j] = c * a0 + s * b0;
      x[o1 + j] = c * a1 + s * b1;
      x[o2 + j] = c * a2 + s * b2;
      x[o3 + j] = c * a3 + s * b3;
      a0 = c * b0 - s * a0;
      a1 = c * b1 - s * a1;
      a2 = c * b2 - s * a2;
      a3 = c * b3 - s * a3;
    }
    x[o0 + to] = a0;
    x[o1 + to] = a1;
    x[o2 + to] = a2;
    x[o3 + to] = a3;
  }
  for (; i < rows; i++) {
    const o = i * stride;
    let a = x[o + from];
    for (let j = from; j < to; j++) {
      const b = x[o + j + 1];
      x[o + j] = cs[j] * a + sn[j] * b;
      a = cs[j] * b - sn[j] * a;
    }
    x[o + to] = a;
  }
}

/**
 * Implicit-shift QR iterations on the bidiagonal (s, e) (LINPACK dsvdc / JAMA), rotating the columns of the row-major
 * U (m×n) and V (n×n). Converged values are made non-negative; columns are left unsorted.
 */
function diagonalise(m: number, n: number, s: Float64Array, e: Float64Array, u: Float64Array, v: Float64Array): void {
  const csV = new Float64Array(n);
  const snV = new Float64Array(n);
  const csU = new Float64Array(n);
  const snU = new Float64Array(n);
  let p = n;
  let iter = 0;
  while (p > 0) {
    if (iter > 100) throw new Error('thinSvd: bidiagonal QR iteration did not converge');
    let k: number;
    let kase: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) {
        kase = 3;
      } else if (ks === p - 1) {
        kase = 1;
      } else {
        kase = 2;
        k = ks;
      }
    }
    k++;

    if (kase === 1) {
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        if (j !== k) {
          f = -sn * e[j - 1];
          e[j - 1] = cs * e[j - 1];
        }
        rotateColumns(v, n, n, j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        rotateColumns(u, m, n, j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
      const sp = s[p - 1] / scale;
      const spm1 = s[p - 2] / scale;
      const epm1 = e[p - 2] / scale;
      const sk = s[k] / scale;
      const ek = e[k] / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        csV[j] = cs;
        snV[j] = sn;
        t = hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        csU[j] = cs;
        snU[j] = sn;
      }
      e[p - 2] = f;
      applySweep(v, n, n, k, p - 1, csV, snV);
      applySweep(u, m, n, k, p - 1, csU, snU);
      iter++;
    } else {
      if (s[k] < 0) {
        for (let i = 0; i < n; i++) v[i * n + k] = -v[i * n + k];
      }
      s[k] = Math.abs(s[k]);
      iter = 0;
      p--;
    }
  }
}

function transposeSquareish(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const cj = j * rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] = x[cj + i];
  }
  return out;
}

function leadingColumns(x: Float64Array, rows: number, cols: number, order: Int32Array, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) out[i * k + c] = x[i * cols + order[c]];
  }
  return out;
}

/**
 * Golub–Kahan–Reinsch SVD of a column-major m×n matrix with m ≥ n ≥ 1 (LINPACK dsvdc as ported by JAMA, with the
 * rotations of each QR sweep applied row-wise in one pass): Householder bidiagonalisation, then implicit-shift QR on the
 * bidiagonal. Overwrites `a`; returns the k leading triplets.
 */
export function golubKahanSvd(a: Float64Array, m: number, n: number, k: number = n): RowMajorSvd {
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const uc = new Float64Array(m * n);
  const vc = new Float64Array(n * n);
  bidiagonalise(a, m, n, s, e, uc, vc);
  const u = transposeSquareish(uc, m, n);
  const v = transposeSquareish(vc, n, n);
  diagonalise(m, n, s, e, u, v);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y] - s[x] || x - y);
  const sk = new Float64Array(k);
  for (let c = 0; c < k; c++) sk[c] = s[order[c]];
  return { s: sk, u: leadingColumns(u, m, n, order, k), v: leadingColumns(v, n, n, order, k) };
}
