import { invertLower, matrix } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { degenerateComponents, refineInFloat64 } from './gmm-refine.js';

/**
 * Responsibility-weighted statistics of K components, each in its own frame: a shift m_k (data units) and a basis
 * A_k (D×D, lower triangular) with x = m_k + A_k z. With N_k = Σ_i r_ik, the moments are taken of z_ik = A_k⁻¹ (x_i − m_k):
 * F_k = Σ_i r_ik z_ik and T_k = Σ_i r_ik z_ik z_ikᵀ, so that the weighted mean and covariance are
 * μ_k = m_k + A_k δ_k and Σ_k = A_k (T_k / N_k − δ_k δ_kᵀ) A_kᵀ with δ_k = F_k / N_k (see `gmmMStep`).
 *
 * Why frames: the textbook Σ_k = Σ_i r_ik x_i x_iᵀ / N_k − μ_k μ_kᵀ subtracts two numbers of size |μ_k|², which in
 * float32 leaves nothing of a spread σ_k once |μ_k|/σ_k or N_k is large (BACKENDS.md §6). In a frame near the
 * component (m_k close to μ_k, A_k close to a Cholesky factor of Σ_k) every term r_ik z_ik z_ikᵀ is of the size of the
 * component's own spread, δ_k is small, and float32 rounding becomes relative to Σ_k itself (see `addBlock`).
 */
export interface GmmStats {
  readonly k: number;
  readonly d: number;
  /** N_k = Σ_i r_ik (K). */
  readonly nk: Float64Array;
  /** Shifts m_k in data units (K×D). */
  readonly shift: Float64Array;
  /** Bases A_k (K×D×D, row-major, lower triangular); null for the identity. */
  readonly basis: Float64Array | null;
  /** F_k = Σ_i r_ik z_ik (K×D). */
  readonly m1: Float64Array;
  /** T_k = Σ_i r_ik z_ik z_ikᵀ (K×D×D). */
  readonly m2: Float64Array;
  /** Number of rows the statistics are over. */
  readonly n: number;
}

/**
 * Rows per block of the float32 reductions. Each block's sums are formed by tfjs in float32 and added in float64,
 * so a block contributes at most γ_B Σ|terms| of rounding error (γ_B = B·u / (1 − B·u), u = 2⁻²⁴; 4.9e-4 for
 * B = 8192, and of order √B·u ≈ 5e-6 in practice) instead of γ_N over all N rows.
 */
export const ROW_BLOCK = 8192;

/** Empty statistics in the given frames, to be filled by {@link addBlock} and {@link addRawShifted}. */
export function emptyStats(k: number, d: number, shift: Float64Array, basis: Float64Array | null): GmmStats & { n: number } {
  return { k, d, nk: new Float64Array(k), shift, basis, m1: new Float64Array(k * d), m2: new Float64Array(k * d * d), n: 0 };
}

/**
 * The float32 sums of one block of rows, as tensors: with `z` the B×K×D frame coordinates z_ik and `resp` the B×K
 * responsibilities, N_k = Σ_b r_bk, F_k = Σ_b r_bk z_bk and T_k = Σ_b r_bk z_bk z_bkᵀ, the latter as one batched
 * K×D×B @ K×B×D matmul (explicit transposes; no transposed matmul, BACKENDS.md §3). Call inside `tf.tidy`.
 */
export function blockMoments(z: tf.Tensor3D, resp: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D, tf.Tensor3D] {
  const [b, k] = resp.shape;
  const zt = tf.transpose(z, [1, 0, 2]); // K×B×D
  const rzt = tf.transpose(tf.mul(z, tf.reshape(resp, [b, k, 1])), [1, 2, 0]); // K×D×B
  return [tf.sum(resp, 0), tf.sum(rzt, 2), tf.matMul(rzt, zt)];
}

/** Add one block's float32 sums (read back and disposed here) to `acc` in float64. */
export function addBlock(acc: GmmStats, sums: [tf.Tensor1D, tf.Tensor2D, tf.Tensor3D], rows: number): void {
  const [nk, m1, m2] = sums.map((t) => t.dataSync());
  tf.dispose(sums);
  for (let i = 0; i < acc.nk.length; i++) acc.nk[i] += nk[i];
  for (let i = 0; i < acc.m1.length; i++) acc.m1[i] += m1[i];
  for (let i = 0; i < acc.m2.length; i++) acc.m2[i] += m2[i];
  (acc as { n: number }).n += rows;
}

/**
 * Statistics of responsibilities `resp` (N×K) over the float32 rows `x` (N×D, centred at `center`) with no frame to
 * start from (the first M-step after initialisation): a first pass forms N_k and the weighted means μ_k, a second pass
 * the moments of x_i − μ_k (identity basis), both blockwise (B = {@link ROW_BLOCK}) with float64 accumulation.
 * Components too degenerate for float32 (`degenerateComponents`: few points, collinear columns) are redone in float64
 * from `values`, the float64 rows of `x`.
 */
export function centredStats(resp: tf.Tensor2D, x: tf.Tensor2D, center: Float64Array, values: Float64Array): GmmStats {
  const [n, k] = resp.shape;
  const d = x.shape[1];
  const nk = new Float64Array(k);
  const s1 = new Float64Array(k * d);
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, n - start);
    const [nkT, s1T] = tf.tidy(() => {
      const r = tf.slice(resp, [start, 0], [size, k]);
      return [tf.sum(r, 0), tf.matMul(tf.transpose(r), tf.slice(x, [start, 0], [size, d]))];
    });
    const [a, b] = [nkT.dataSync(), s1T.dataSync()];
    tf.dispose([nkT, s1T]);
    for (let i = 0; i < k; i++) nk[i] += a[i];
    for (let i = 0; i < k * d; i++) s1[i] += b[i];
  }
  // Shifts: the weighted means (centred), or the centre itself for an empty component.
  const local = new Float64Array(k * d);
  const shift = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      local[c * d + j] = nk[c] > 0 ? s1[c * d + j] / nk[c] : 0;
      shift[c * d + j] = center[j] + local[c * d + j];
    }
  }
  const acc = emptyStats(k, d, shift, null);
  const localT = tf.tensor3d(Float32Array.from(local), [1, k, d]);
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, n - start);
    const sums = tf.tidy(() => {
      const z = tf.sub(tf.reshape(tf.slice(x, [start, 0], [size, d]), [size, 1, d]), localT) as tf.Tensor3D;
      return blockMoments(z, tf.slice(resp, [start, 0], [size, k]));
    });
    addBlock(acc, sums, size);
  }
  localT.dispose();
  const degenerate = degenerateComponents(acc);
  return degenerate.length > 0 ? refineInFloat64(acc, degenerate, resp.dataSync() as Float32Array, values, null) : acc;
}

/**
 * Add statistics formed in float64 about the same shifts m_k but in data coordinates (the missing-value path):
 * `nk`, `s1` = Σ r_ik (x_i − m_k) and `s2` = Σ r_ik E[(x_i − m_k)(x_i − m_k)ᵀ], mapped into the frames of `acc`
 * (F += A⁻¹ s1, T += A⁻¹ s2 A⁻ᵀ) and added.
 */
export function addRawShifted(acc: GmmStats, raw: { nk: Float64Array; s1: Float64Array; s2: Float64Array }, rows: number): void {
  const { k, d } = acc;
  const inv = acc.basis ? inverseBases(acc.basis, k, d) : null;
  const tmp = new Float64Array(d * d);
  for (let c = 0; c < k; c++) {
    acc.nk[c] += raw.nk[c];
    const s1 = raw.s1.subarray(c * d, (c + 1) * d);
    const s2 = raw.s2.subarray(c * d * d, (c + 1) * d * d);
    if (!inv) {
      for (let i = 0; i < d; i++) acc.m1[c * d + i] += s1[i];
      for (let i = 0; i < d * d; i++) acc.m2[c * d * d + i] += s2[i];
      continue;
    }
    const p = inv.subarray(c * d * d, (c + 1) * d * d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += p[i * d + j] * s1[j];
      acc.m1[c * d + i] += s;
    }
    // tmp = P s2, then T += tmp Pᵀ.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let t = 0; t <= i; t++) s += p[i * d + t] * s2[t * d + j];
        tmp[i * d + j] = s;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let t = 0; t <= j; t++) s += tmp[i * d + t] * p[j * d + t];
        acc.m2[c * d * d + i * d + j] += s;
      }
    }
  }
  (acc as { n: number }).n += rows;
}

/** A_k⁻¹ for every lower-triangular basis. */
function inverseBases(basis: Float64Array, k: number, d: number): Float64Array {
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) out.set(invertLower(matrix(d, d, basis.slice(c * d * d, (c + 1) * d * d))).data, c * d * d);
  return out;
}
