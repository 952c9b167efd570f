import { invertLower, matrix } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { degenerateComponents, refineInFloat64 } from './gmm-refine.js';
import { indicator } from './kmeans.js';
import { lowerCongruence, lowerTimesVector } from './lower-products.js';

/**
 * Responsibility-weighted statistics of K components, each in its own frame: a shift m_k (data units) and a basis
 * A_k (D×D, lower triangular) with x = m_k + A_k z. With N_k = Σ_i r_ik, the moments are taken of z_ik = A_k⁻¹ (x_i − m_k):
 * F_k = Σ_i r_ik z_ik and T_k = Σ_i r_ik z_ik z_ikᵀ, so that the weighted mean and covariance are
 * μ_k = m_k + A_k δ_k and Σ_k = A_k (T_k / N_k − δ_k δ_kᵀ) A_kᵀ with δ_k = F_k / N_k (see `gmmMStep`).
 *
 * Why frames: the textbook Σ_k = Σ_i r_ik x_i x_iᵀ / N_k − μ_k μ_kᵀ subtracts two numbers of size |μ_k|², which in
 * float32 leaves nothing of a spread σ_k once |μ_k|/σ_k or N_k is large (BACKENDS.md §6). In a frame near the
 * component (m_k close to μ_k, A_k close to a Cholesky factor of Σ_k) every term r_ik z_ik z_ikᵀ is of the size of the
 * component's own spread, δ_k is small, and float32 rounding becomes relative to Σ_k itself (see `blockMoments`).
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
 * Rows per block of the E-step and its float32 reductions. Each block's sums are formed by tfjs in float32 and added
 * in float64, so a block contributes at most γ_B Σ|terms| of rounding error (γ_B = B·u / (1 − B·u), u = 2⁻²⁴;
 * 6.1e-5 for B = 1024, and of order √B·u ≈ 2e-6 in practice) instead of γ_N over all N rows. A sharded fit cuts
 * each shard's rows on the whole data's grid of B rows (`alignedRowBlocks`), so a shard boundary off that grid
 * changes only the sums of the one block it cuts. 1024 rather than 8192 (until 2026-12): 2.8× less rounding per
 * block (the gmm-em benchmark's first mean log-likelihood, N = 200,000: 7.6e-9 from float64 against 2.4e-7), and no
 * slower on wasm (1 thread: 791–1079 against 860–1355 ms per iteration, two sittings, 2026-12-08), where slicing
 * float32 sub-blocks out of larger blocks (`tf.slice`) made the E-step 2.4× slower.
 */
export const ROW_BLOCK = 1024;

/** Empty statistics in the given frames, to be filled by {@link addRawShifted} (or built by {@link finishMoments}). */
export function emptyStats(k: number, d: number, shift: Float64Array, basis: Float64Array | null): GmmStats {
  return { k, d, nk: new Float64Array(k), shift, basis, m1: new Float64Array(k * d), m2: new Float64Array(k * d * d), n: 0 };
}

/**
 * Float64 running sums of {@link blockMoments} over row blocks: N_k, and the (D + 1 + K)×KD matrix [G | F | H]ᵀ with
 * G_k = Σ_i r_ik z_ik y_iᵀ, F_k = Σ_i r_ik z_ik and H_k,j = Σ_{i: κ(i) = j} r_ik z_ik (see {@link blockMoments}).
 */
export interface MomentSums {
  readonly k: number;
  readonly d: number;
  readonly nk: Float64Array;
  readonly gfh: Float64Array;
  n: number;
}

export function momentSums(k: number, d: number): MomentSums {
  return { k, d, nk: new Float64Array(k), gfh: new Float64Array((d + 1 + k) * k * d), n: 0 };
}

/**
 * The float32 sums of one block of B rows for the moments, as tensors. With z_ik = W̃_kᵀ (x̃_i − m̃_k) the frame
 * coordinates (`z`, B×K×D), x̃_i the centred rows with a 1 appended, transposed (`xOneT`, (D + 1)×B), `anchorsT` the μ̂_j
 * ((D + 1)×K: the float32 values of the m̃_j over a 0) and κ(i) the component of largest responsibility of row i,
 * write x̃_i − m̃_k = y_i + (μ̂_κ(i) − m̃_k) with y_i = x̃_i − μ̂_κ(i), small for every row near its own component. Then
 * T_k = Σ_i r_ik z_ik z_ikᵀ = (G_k + Σ_j H_k,j (μ̂_j − m̃_k)ᵀ) W̃_k with G_k = Σ_i r_ik z_ik y_iᵀ and
 * H_k,j = Σ_{κ(i)=j} r_ik z_ik, and F_k = Σ_i r_ik z_ik. One plain (D + 1 + K)×B @ B×KD matmul gives all of them: no
 * transposed or batched matmul and no transpose of a large array (BACKENDS.md §3; on wasm those cost more than the
 * E-step of the block, measured; κ is read back and its one-hot matrix built transposed in JS for the same reason).
 * No term is of the size of a squared distance from the centre: r z yᵀ is of the size of the component's spread,
 * r z (μ̂_j − m̃_k)ᵀ of row i's true contribution. Returns [N_k, [G | F | H]ᵀ]. Call inside `tf.tidy`.
 */
export function blockMoments(z: tf.Tensor3D, resp: tf.Tensor2D, xOneT: tf.Tensor2D, anchorsT: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D] {
  const [b, k, d] = z.shape;
  const rz = tf.reshape(tf.mul(z, tf.reshape(resp, [b, k, 1])), [b, k * d]);
  const labels = tf.argMax(resp, 1).dataSync();
  const oneHotT = new Float32Array(k * b);
  for (let i = 0; i < b; i++) oneHotT[labels[i] * b + i] = 1;
  const dominantT = tf.tensor2d(oneHotT, [k, b]);
  const yT = tf.sub(xOneT, tf.matMul(anchorsT, dominantT));
  return [tf.sum(resp, 0), tf.matMul(tf.concat([yT, dominantT], 0), rz) as tf.Tensor2D];
}

/** Add one block's float32 sums (read back and disposed here) to `acc` in float64. */
export function addBlock(acc: MomentSums, sums: [tf.Tensor1D, tf.Tensor2D], rows: number): void {
  const [nk, gfh] = sums.map((t) => t.dataSync());
  tf.dispose(sums);
  addBlockSums(acc, nk, gfh, rows);
}

/**
 * Add one block's float32 sums N_k and [G | F | H]ᵀ to `acc` in float64. Blocks must be added in block order for a
 * result that does not depend on how the blocks were computed (threads, streamed passes): float64 addition is not
 * associative.
 */
export function addBlockSums(acc: MomentSums, nk: ArrayLike<number>, gfh: ArrayLike<number>, rows: number): void {
  for (let i = 0; i < acc.nk.length; i++) acc.nk[i] += nk[i];
  for (let i = 0; i < acc.gfh.length; i++) acc.gfh[i] += gfh[i];
  acc.n += rows;
}

/**
 * The statistics from the accumulated sums, in float64: F_k, and T_k = (G_k + Σ_j H_k,j (μ̂_j − m̃_k)ᵀ) W̃_k,
 * symmetrised. `w` holds the W̃_k as the E-step's D×KD layout (null: identity), `anchors` the μ̂_j (K×D), `local` the
 * m̃_k (float64, centred) and `shift` the m_k = c + m̃_k of the frames.
 */
export function finishMoments(
  acc: MomentSums,
  frame: { shift: Float64Array; basis: Float64Array | null; w: Float32Array | null; anchors: Float32Array; local: Float64Array },
): GmmStats {
  const { k, d } = acc;
  const kd = k * d;
  const at = (t: number, c: number, a: number) => acc.gfh[t * kd + c * d + a];
  const m1 = new Float64Array(kd);
  const m2 = new Float64Array(k * d * d);
  const p = new Float64Array(d * d);
  const delta = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < d; a++) {
      m1[c * d + a] = at(d, c, a);
      for (let t = 0; t < d; t++) p[a * d + t] = at(t, c, a);
    }
    for (let j = 0; j < k; j++) {
      for (let t = 0; t < d; t++) delta[t] = frame.anchors[j * d + t] - frame.local[c * d + t];
      for (let a = 0; a < d; a++) {
        const h = at(d + 1 + j, c, a);
        if (h !== 0) for (let t = 0; t < d; t++) p[a * d + t] += h * delta[t];
      }
    }
    const t2 = m2.subarray(c * d * d, (c + 1) * d * d);
    if (frame.w) {
      for (let a = 0; a < d; a++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let t = 0; t < d; t++) s += p[a * d + t] * frame.w[t * kd + c * d + j];
          t2[a * d + j] = s;
        }
      }
    } else t2.set(p);
    for (let a = 0; a < d; a++) {
      for (let j = a + 1; j < d; j++) {
        const v = 0.5 * (t2[a * d + j] + t2[j * d + a]);
        t2[a * d + j] = v;
        t2[j * d + a] = v;
      }
    }
  }
  return { k, d, nk: acc.nk, shift: frame.shift, basis: frame.basis, m1, m2, n: acc.n };
}

/** μ̂ (K×D) as the (D + 1)×K matrix `blockMoments` takes: column j holds μ̂_j over a 0. */
export function anchorTensor(anchors: Float32Array, k: number, d: number): tf.Tensor2D {
  const out = new Float32Array((d + 1) * k);
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) out[t * k + c] = anchors[c * d + t];
  return tf.tensor2d(out, [d + 1, k]);
}

/**
 * Statistics of responsibilities `resp` over the rows `values` (N×D, float64) with no frame to start from (the
 * first M-step after initialisation): a first pass forms N_k and the weighted means μ_k in float64, a second pass the
 * moments of x_i − μ_k (identity basis) in float32 tfjs blocks of {@link ROW_BLOCK} rows, accumulated in float64.
 * Components too degenerate for float32 (`degenerateComponents`: few points, collinear columns) are redone in float64.
 * `resp` is N×K (row-major, float32), or hard labels (N, one 1 per row), which stand for their one-hot rows without
 * taking N×K memory.
 */
export function centredStats(resp: Float32Array | Int32Array, k: number, values: Float64Array, center: Float64Array): GmmStats {
  const d = center.length;
  const n = values.length / d;
  const labels = resp instanceof Int32Array ? resp : null;
  const r = resp instanceof Float32Array ? resp : null;
  const nk = new Float64Array(k);
  const s1 = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    for (let c = labels ? labels[i] : 0; c < (labels ? labels[i] + 1 : k); c++) {
      const w = r ? r[i * k + c] : 1;
      if (w === 0) continue;
      nk[c] += w;
      for (let j = 0; j < d; j++) s1[c * d + j] += w * (values[i * d + j] - center[j]);
    }
  }
  // Shifts: the weighted means (centred, rounded to float32 so that the tensors hold them exactly), or the centre.
  const local = new Float32Array(k * d);
  const shift = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      local[c * d + j] = nk[c] > 0 ? s1[c * d + j] / nk[c] : 0;
      shift[c * d + j] = center[j] + local[c * d + j];
    }
  }
  const acc = momentSums(k, d);
  const localB = tf.tensor3d(local, [1, k, d]);
  const anchors = anchorTensor(local, k, d);
  const xb = new Float32Array(d * ROW_BLOCK);
  const xOneT = new Float32Array((d + 1) * ROW_BLOCK);
  // One-hot rows of a block of labels, filled in place for each block (like xb and xOneT, not an N×K array).
  const oneHot = labels ? new Float32Array(ROW_BLOCK * k) : null;
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, n - start);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < d; j++) xb[i * d + j] = xOneT[j * size + i] = values[(start + i) * d + j] - center[j];
      xOneT[d * size + i] = 1;
    }
    const sums = tf.tidy(() => {
      const z = tf.sub(tf.tensor3d(xb.subarray(0, d * size), [size, 1, d]), localB) as tf.Tensor3D;
      let rows: Float32Array;
      if (oneHot) {
        rows = oneHot.subarray(0, size * k).fill(0);
        for (let i = 0; i < size; i++) rows[i * k + labels![start + i]] = 1;
      } else rows = r!.subarray(start * k, (start + size) * k);
      const rb = tf.tensor2d(rows, [size, k]);
      return blockMoments(z, rb, tf.tensor2d(xOneT.subarray(0, (d + 1) * size), [d + 1, size]), anchors);
    });
    addBlock(acc, sums, size);
  }
  tf.dispose([localB, anchors]);
  const stats = finishMoments(acc, { shift, basis: null, w: null, anchors: local, local: Float64Array.from(local) });
  const degenerate = degenerateComponents(stats);
  return degenerate.length > 0 ? refineInFloat64(stats, degenerate, r ?? indicator(labels!, k), values, null) : stats;
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
    lowerTimesVector(p, s1, d, acc.m1.subarray(c * d, (c + 1) * d), true);
    lowerCongruence(p, s2, d, acc.m2.subarray(c * d * d, (c + 1) * d * d), tmp, true);
  }
  (acc as { n: number }).n += rows;
}

/** A_k⁻¹ for every lower-triangular basis. */
function inverseBases(basis: Float64Array, k: number, d: number): Float64Array {
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) out.set(invertLower(matrix(d, d, basis.slice(c * d * d, (c + 1) * d * d))).data, c * d * d);
  return out;
}
