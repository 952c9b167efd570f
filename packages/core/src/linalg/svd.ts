import { golubKahanSvd } from './golub-kahan-svd.js';
import { applyTallQ, tallQr } from './householder-qr.js';
import { transpose, type Matrix } from './matrix.js';

/** Result of {@link thinSvd}: A ≈ U·diag(s)·Vᵀ. */
export interface ThinSvdResult {
  /** N×k matrix with orthonormal columns (left singular vectors). */
  u: Matrix;
  /** Singular values σ₁ ≥ σ₂ ≥ … ≥ σₖ ≥ 0. */
  s: Float64Array;
  /** J×k matrix with orthonormal columns (right singular vectors). */
  v: Matrix;
}

/** Options of {@link thinSvd}. */
export interface ThinSvdOptions {
  /** Return only the k leading triplets (default min(N, J)). */
  k?: number;
}

/** Above this aspect ratio N/J, a QR factorisation first shrinks the problem to J×J (as LAPACK `gesvd` does). */
const QR_FIRST_RATIO = 1.5;

/**
 * Thin singular value decomposition A = U·diag(σ)·Vᵀ of an N×J matrix, with r = min(N, J) triplets
 * (UᵀU = VᵀV = I_r, σ descending), or only the leading k with `{ k }` (the truncated SVD, best rank-k approximation).
 *
 * Method: for N ≥ 1.5·J, Householder QR A = Q·R first (2NJ² flops, over cache-sized blocks of rows), then the
 * Golub–Kahan–Reinsch SVD of the J×J factor R = U_R·Σ·Vᵀ (Householder bidiagonalisation + implicit-shift QR, LINPACK
 * `dsvdc` as in JAMA), and U = Q·U_R through the compact WY form of each block's reflectors (about NJ² + 2NJk flops).
 * Otherwise Golub–Kahan–Reinsch runs on A directly. N < J is handled
 * through Aᵀ. The method is backward stable: every σᵢ is within a small multiple of ε·σ₁ of the exact one, so small
 * singular values are resolved far below the √ε·σ₁ floor of methods that form AᵀA.
 * Singular vectors of repeated singular values are an arbitrary orthonormal basis, and the signs of the
 * pair (uᵢ, vᵢ) are arbitrary (flipping both leaves A unchanged).
 *
 * @param a - N×J matrix with finite entries.
 * @param options - `k`: number of leading triplets to return.
 * @returns `{ u, s, v }`.
 * @throws RangeError for non-finite entries or an invalid `k`.
 * @example
 * ```ts
 * const { u, s, v } = thinSvd(fromRows([[3, 0], [0, 4], [0, 0]])); // s = [4, 3]
 * ```
 */
export function thinSvd(a: Matrix, options: ThinSvdOptions = {}): ThinSvdResult {
  const { rows: n, cols: J, data } = a;
  const r = Math.min(n, J);
  const k = options.k ?? r;
  if (!Number.isInteger(k) || k < 0 || k > r) throw new RangeError(`thinSvd: k must be an integer in [0, ${r}], got ${k}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`thinSvd: entry (${Math.floor(i / J)}, ${i % J}) is ${data[i]}`);
    }
  }
  if (r === 0) {
    return { u: { rows: n, cols: 0, data: new Float64Array(0) }, s: new Float64Array(0), v: { rows: J, cols: 0, data: new Float64Array(0) } };
  }
  if (n < J) {
    const t = thinSvd(transpose(a), { k });
    return { u: t.v, s: t.s, v: t.u };
  }
  if (n >= QR_FIRST_RATIO * J) {
    const f = tallQr(data, n, J);
    const svd = golubKahanSvd(f.r, J, J, k);
    return {
      u: { rows: n, cols: k, data: applyTallQ(f, svd.u, k) },
      s: svd.s,
      v: { rows: J, cols: k, data: svd.v },
    };
  }
  const svd = golubKahanSvd(rowsToColumnMajor(data, n, J), n, J, k);
  return { u: { rows: n, cols: k, data: svd.u }, s: svd.s, v: { rows: J, cols: k, data: svd.v } };
}

function rowsToColumnMajor(data: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[j * m + i] = data[i * n + j];
  }
  return out;
}
