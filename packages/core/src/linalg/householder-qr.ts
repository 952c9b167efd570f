import { axpy, axpy4x2, dot, dot2x4, dot4, scatter4 } from './blas.js';
import { hypot } from './hypot.js';
import { norm2 } from './norm.js';

/**
 * Householder QR of a tall N×J matrix (N ≥ J), computed over blocks of rows so that every block stays in cache
 * (a flat-tree TSQR): the first block B₀ (≥ J rows) is factorised densely, B₀ = Q₀·[R; 0], and every later block
 * Bc is folded in by the structured factorisation [R; Bc] = Qc·[R′; 0], whose reflectors are eₖ ⊕ vₖ.
 * Then A = Q·[R; 0] with Q = Q₀·Q₁⋯Q_{m−1} (each Qc embedded on the rows it touches), Hₖ = I − τₖ·vₖvₖᵀ.
 */
export interface TallQr {
  rows: number;
  cols: number;
  /** Block c covers rows starts[c] … starts[c+1]−1. */
  starts: Int32Array;
  /** Reflector vectors; block c is column-major at offset starts[c]·J with column stride equal to its row count. */
  v: Float64Array;
  /** τ for block c, reflector k at c·J + k. */
  tau: Float64Array;
  /** The J×J upper-triangular factor R, column-major. */
  r: Float64Array;
}

/** Rows per block: at least J, and about 256 KiB of doubles. */
const blockRows = (cols: number): number => Math.max(cols, Math.ceil(32768 / cols));

function householder(alpha: number, xnorm: number): { beta: number; tau: number; scale: number } {
  const beta = alpha >= 0 ? -hypot(alpha, xnorm) : hypot(alpha, xnorm);
  return { beta, tau: (beta - alpha) / beta, scale: 1 / (alpha - beta) };
}

function scale(x: Float64Array, o: number, n: number, s: number): void {
  for (let i = o; i < o + n; i++) x[i] *= s;
}

/**
 * Applies H = I − τ·uuᵀ, u = [1; x] with x = src[so … so+len), to columns j = from … J−1 whose head entry is
 * head[hb + j·hs] and whose tail is tail[tb + j·ts …], four columns per pass over x.
 */
function reflect(
  tau: number,
  src: Float64Array,
  so: number,
  len: number,
  head: Float64Array,
  hb: number,
  hs: number,
  tail: Float64Array,
  tb: number,
  ts: number,
  from: number,
  J: number,
): void {
  const d = new Float64Array(4);
  let j = from;
  for (; j + 3 < J; j += 4) {
    const t0 = tb + j * ts;
    dot4(src, so, tail, t0, t0 + ts, t0 + 2 * ts, t0 + 3 * ts, len, d, 0);
    const h0 = hb + j * hs;
    const w0 = tau * (head[h0] + d[0]);
    const w1 = tau * (head[h0 + hs] + d[1]);
    const w2 = tau * (head[h0 + 2 * hs] + d[2]);
    const w3 = tau * (head[h0 + 3 * hs] + d[3]);
    head[h0] -= w0;
    head[h0 + hs] -= w1;
    head[h0 + 2 * hs] -= w2;
    head[h0 + 3 * hs] -= w3;
    scatter4(-w0, -w1, -w2, -w3, src, so, tail, t0, t0 + ts, t0 + 2 * ts, t0 + 3 * ts, len);
  }
  for (; j < J; j++) {
    const t = tb + j * ts;
    const w = tau * (head[hb + j * hs] + dot(src, so, tail, t, len));
    head[hb + j * hs] -= w;
    axpy(-w, src, so, tail, t, len);
  }
}

function factorFirstBlock(v: Float64Array, b: number, J: number, tau: Float64Array, r: Float64Array): void {
  for (let k = 0; k < J; k++) {
    const ck = k * b;
    const xnorm = norm2(v, ck + k + 1, b - k - 1);
    if (xnorm !== 0) {
      const h = householder(v[ck + k], xnorm);
      tau[k] = h.tau;
      scale(v, ck + k + 1, b - k - 1, h.scale);
      v[ck + k] = h.beta;
      reflect(h.tau, v, ck + k + 1, b - k - 1, v, k, b, v, k + 1, b, k + 1, J);
    }
    for (let i = 0; i <= k; i++) r[k * J + i] = v[ck + i];
  }
}

function foldBlock(v: Float64Array, off: number, b: number, J: number, tau: Float64Array, to: number, r: Float64Array): void {
  for (let k = 0; k < J; k++) {
    const ck = off + k * b;
    const xnorm = norm2(v, ck, b);
    if (xnorm === 0) continue;
    const h = householder(r[k * J + k], xnorm);
    tau[to + k] = h.tau;
    scale(v, ck, b, h.scale);
    r[k * J + k] = h.beta;
    reflect(h.tau, v, ck, b, r, k, J, v, off, b, k + 1, J);
  }
}

/**
 * Factorises the row-major N×J matrix `data` (N ≥ J ≥ 1) without modifying it; about 2NJ² flops.
 * `blockSize` (rows per block, at least J; default about 32,768 / J) lets tests reach the several-block paths on small
 * matrices.
 */
export function tallQr(data: Float64Array, rows: number, cols: number, blockSize = blockRows(cols)): TallQr {
  const J = cols;
  const b = blockSize;
  const m = Math.max(1, Math.ceil((rows - Math.min(rows, b)) / b) + 1);
  const starts = new Int32Array(m + 1);
  for (let c = 1; c <= m; c++) starts[c] = Math.min(rows, Math.min(rows, b) + (c - 1) * b);
  const v = new Float64Array(rows * J);
  for (let c = 0; c < m; c++) {
    const s = starts[c];
    const bc = starts[c + 1] - s;
    const off = s * J;
    for (let i = 0; i < bc; i++) {
      const src = (s + i) * J;
      for (let j = 0; j < J; j++) v[off + j * bc + i] = data[src + j];
    }
  }
  const tau = new Float64Array(m * J);
  const r = new Float64Array(J * J);
  factorFirstBlock(v, starts[1], J, tau, r);
  for (let c = 1; c < m; c++) foldBlock(v, starts[c] * J, starts[c + 1] - starts[c], J, tau, c * J, r);
  return { rows, cols, starts, v, tau, r };
}

/** Strict upper triangle of G = VᵀV for a column-major b×J block of reflectors, two rows × four columns per pass. */
function blockGram(v: Float64Array, off: number, b: number, J: number, g: Float64Array): void {
  let p = 0;
  for (; p + 1 < J; p += 2) {
    const vp = off + p * b;
    g[p * J + p + 1] = dot(v, vp, v, vp + b, b);
    let q = p + 2;
    for (; q + 3 < J; q += 4) {
      const vq = off + q * b;
      dot2x4(v, vp, vp + b, v, vq, vq + b, vq + 2 * b, vq + 3 * b, b, g, p * J + q, (p + 1) * J + q);
    }
    for (; q < J; q++) {
      g[p * J + q] = dot(v, vp, v, off + q * b, b);
      g[(p + 1) * J + q] = dot(v, vp + b, v, off + q * b, b);
    }
  }
}

/** y = V·Z for a column-major b×J block V and a row-major J×k matrix Z; y is column-major b×k and overwritten. */
function blockTimes(v: Float64Array, off: number, b: number, J: number, z: Float64Array, k: number, y: Float64Array): void {
  y.fill(0, 0, b * k);
  let c = 0;
  for (; c + 1 < k; c += 2) {
    let q = 0;
    for (; q + 3 < J; q += 4) {
      const vq = off + q * b;
      const z0 = q * k + c;
      axpy4x2(
        z[z0],
        z[z0 + k],
        z[z0 + 2 * k],
        z[z0 + 3 * k],
        z[z0 + 1],
        z[z0 + k + 1],
        z[z0 + 2 * k + 1],
        z[z0 + 3 * k + 1],
        v,
        vq,
        vq + b,
        vq + 2 * b,
        vq + 3 * b,
        y,
        c * b,
        (c + 1) * b,
        b,
      );
    }
    for (; q < J; q++) {
      axpy(z[q * k + c], v, off + q * b, y, c * b, b);
      axpy(z[q * k + c + 1], v, off + q * b, y, (c + 1) * b, b);
    }
  }
  for (; c < k; c++) {
    for (let q = 0; q < J; q++) axpy(z[q * k + c], v, off + q * b, y, c * b, b);
  }
}

/**
 * Q·[X; 0] for a row-major J×k block X, with Q = Q₀·Q₁⋯Q_{m−1} applied from the last block.
 * For a folded block acting on the current top rows Y, Q_c·[Y; 0] = [Y + Z; V_c·Z] with Z = −T_c·Y (compact WY,
 * Q_c = I − [I; V_c]·T_c·[I; V_c]ᵀ); Z comes from back substitution with T_c⁻¹ = diag(1/τ) + triu(V_cᵀV_c, 1), so only the
 * Gram matrix V_cᵀV_c and the product V_c·Z touch the block: about bJ²/2 + bJk multiply-adds.
 * Returns a row-major N×k matrix.
 */
export function applyTallQ(f: TallQr, x: Float64Array, k: number): Float64Array {
  const { rows, cols: J, starts, v, tau } = f;
  const m = starts.length - 1;
  const out = new Float64Array(rows * k);
  const top = new Float64Array(J * k);
  for (let i = 0; i < J; i++) {
    for (let c = 0; c < k; c++) top[c * J + i] = x[i * k + c];
  }
  const g = new Float64Array(J * J);
  const z = new Float64Array(J * k);
  const w = new Float64Array(k);
  let maxRows = starts[1];
  for (let blk = 1; blk < m; blk++) maxRows = Math.max(maxRows, starts[blk + 1] - starts[blk]);
  const y = new Float64Array(maxRows * k);
  for (let blk = m - 1; blk >= 1; blk--) {
    const s = starts[blk];
    const b = starts[blk + 1] - s;
    const off = s * J;
    blockGram(v, off, b, J, g);
    z.fill(0);
    for (let p = J - 1; p >= 0; p--) {
      const t = tau[blk * J + p];
      if (t === 0) continue;
      for (let c = 0; c < k; c++) w[c] = top[c * J + p];
      for (let q = p + 1; q < J; q++) axpy(g[p * J + q], z, q * k, w, 0, k);
      for (let c = 0; c < k; c++) {
        const wc = t * w[c];
        z[p * k + c] = -wc;
        top[c * J + p] -= wc;
      }
    }
    blockTimes(v, off, b, J, z, k, y);
    for (let i = 0; i < b; i++) {
      for (let c = 0; c < k; c++) out[(s + i) * k + c] = y[c * b + i];
    }
  }
  const b0 = starts[1];
  y.fill(0, 0, b0 * k);
  for (let c = 0; c < k; c++) y.set(top.subarray(c * J, (c + 1) * J), c * b0);
  for (let p = J - 1; p >= 0; p--) {
    const t = tau[p];
    if (t === 0) continue;
    const cp = p * b0;
    const len = b0 - p - 1;
    for (let c = 0; c < k; c++) {
      const cc = c * b0;
      const wc = t * (y[cc + p] + dot(v, cp + p + 1, y, cc + p + 1, len));
      y[cc + p] -= wc;
      axpy(-wc, v, cp + p + 1, y, cc + p + 1, len);
    }
  }
  for (let i = 0; i < b0; i++) {
    for (let c = 0; c < k; c++) out[i * k + c] = y[c * b0 + i];
  }
  return out;
}
