import { hypot } from './hypot.js';
import { norm2 } from './norm.js';

/** Column-major SVD factors of an m×n matrix with m ≥ n: A = U·diag(s)·Vᵀ. */
export interface ColumnMajorSvd {
  /** Singular values, descending, length n. */
  s: Float64Array;
  /** U, m×n, column-major (column j is `u.subarray(j*m, (j+1)*m)`). */
  u: Float64Array;
  /** V, n×n, column-major. */
  v: Float64Array;
}

const EPS = 2 ** -52;
const TINY = 2 ** -966;

function rotate(x: Float64Array, p: number, q: number, len: number, cs: number, sn: number): void {
  for (let i = 0; i < len; i++) {
    const xp = x[p + i];
    const xq = x[q + i];
    x[p + i] = cs * xp + sn * xq;
    x[q + i] = -sn * xp + cs * xq;
  }
}

/** Householder bidiagonalisation (LINPACK dsvdc / JAMA), generating U and V. Overwrites `a`. */
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
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      if (k < nct && s[k] !== 0) {
        let t = 0;
        for (let i = k; i < m; i++) t += a[ck + i] * a[cj + i];
        t = -t / a[ck + k];
        for (let i = k; i < m; i++) a[cj + i] += t * a[ck + i];
      }
      e[j] = a[cj + k];
    }
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
        for (let j = k + 1; j < n; j++) {
          const ej = e[j];
          const cj = j * m;
          for (let i = k + 1; i < m; i++) work[i] += ej * a[cj + i];
        }
        for (let j = k + 1; j < n; j++) {
          const t = -e[j] / e[k + 1];
          const cj = j * m;
          for (let i = k + 1; i < m; i++) a[cj + i] += t * work[i];
        }
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
      for (let j = k + 1; j < n; j++) {
        const cj = j * m;
        let t = 0;
        for (let i = k; i < m; i++) t += u[ck + i] * u[cj + i];
        t = -t / u[ck + k];
        for (let i = k; i < m; i++) u[cj + i] += t * u[ck + i];
      }
      for (let i = k; i < m; i++) u[ck + i] = -u[ck + i];
      u[ck + k] += 1;
      for (let i = 0; i < k; i++) u[ck + i] = 0;
    } else {
      u.fill(0, ck, ck + m);
      u[ck + k] = 1;
    }
  }

  for (let k = n - 1; k >= 0; k--) {
    const ck = k * n;
    if (k < nrt && e[k] !== 0) {
      for (let j = k + 1; j < n; j++) {
        const cj = j * n;
        let t = 0;
        for (let i = k + 1; i < n; i++) t += v[ck + i] * v[cj + i];
        t = -t / v[ck + k + 1];
        for (let i = k + 1; i < n; i++) v[cj + i] += t * v[ck + i];
      }
    }
    v.fill(0, ck, ck + n);
    v[ck + k] = 1;
  }
}

/** Implicit-shift QR iterations on the bidiagonal (s, e), rotating the columns of U and V (LINPACK dsvdc / JAMA). */
function diagonalise(m: number, n: number, s: Float64Array, e: Float64Array, u: Float64Array, v: Float64Array): void {
  let p = n;
  const pp = p - 1;
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
        rotate(v, j * n, (p - 1) * n, n, cs, sn);
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
        rotate(u, j * m, (k - 1) * m, m, cs, sn);
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
        rotate(v, j * n, (j + 1) * n, n, cs, sn);
        t = hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        if (j < m - 1) rotate(u, j * m, (j + 1) * m, m, cs, sn);
      }
      e[p - 2] = f;
      iter++;
    } else {
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        const ck = k * n;
        for (let i = 0; i <= pp; i++) v[ck + i] = -v[ck + i];
      }
      while (k < pp) {
        if (s[k] >= s[k + 1]) break;
        const t = s[k];
        s[k] = s[k + 1];
        s[k + 1] = t;
        swapColumns(v, k * n, (k + 1) * n, n);
        swapColumns(u, k * m, (k + 1) * m, m);
        k++;
      }
      iter = 0;
      p--;
    }
  }
}

function swapColumns(x: Float64Array, p: number, q: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const t = x[p + i];
    x[p + i] = x[q + i];
    x[q + i] = t;
  }
}

/**
 * Golub–Kahan–Reinsch SVD of a column-major m×n matrix with m ≥ n ≥ 1 (LINPACK dsvdc as ported by JAMA):
 * Householder bidiagonalisation, then implicit-shift QR on the bidiagonal. Overwrites `a`.
 */
export function golubKahanSvd(a: Float64Array, m: number, n: number): ColumnMajorSvd {
  const s = new Float64Array(n + 1);
  const e = new Float64Array(n);
  const u = new Float64Array(m * n);
  const v = new Float64Array(n * n);
  bidiagonalise(a, m, n, s, e, u, v);
  diagonalise(m, n, s, e, u, v);
  return { s: s.subarray(0, n), u, v };
}
