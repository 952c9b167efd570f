import { invertLower, matrix } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GmmData, RowBlock } from './gmm-data.js';
import { missingEStep } from './gmm-missing.js';
import { float64Components, float64LogProb, withFloat64Columns } from './gmm-float64-components.js';
import { degenerateComponents, refineInFloat64 } from './gmm-refine.js';
import { addBlock, addRawShifted, anchorTensor, blockMoments, emptyStats, finishMoments, momentSums, type GmmStats } from './gmm-stats.js';
import { eStepFactors, logWeightsOf, type EStepFactors, type GaussianComponents, type GmmState } from './gmm-state.js';

export type { GmmStats } from './gmm-stats.js';

/** The E-step factors uploaded once per E-step; `wb` = [W̃; −b̃] ((D + 1)×KD) for rows with a 1 appended. */
interface FactorTensors {
  readonly w: tf.Tensor2D;
  readonly b: tf.Tensor1D;
  readonly logConst: tf.Tensor1D;
}

function uploadFactors(f: EStepFactors, k: number, d: number): FactorTensors {
  return { w: tf.tensor2d(f.w, [d, k * d]), b: tf.tensor1d(f.b), logConst: tf.tensor1d(f.logConst) };
}

function disposeFactors(f: FactorTensors): void {
  tf.dispose([f.w, f.b, f.logConst]);
}

/** [W̃; −b̃] ((D + 1)×KD): one matmul with rows [x̃ᵢ, 1] gives z = x̃W̃ − b̃ without a separate subtraction. */
function augmentedFactors(f: EStepFactors, k: number, d: number): tf.Tensor2D {
  const kd = k * d;
  const wb = new Float32Array((d + 1) * kd);
  wb.set(f.w);
  for (let i = 0; i < kd; i++) wb[d * kd + i] = -f.b[i];
  return tf.tensor2d(wb, [d + 1, kd]);
}

/**
 * logWeights_k + log N(x_i | μ_k, Σ_k) (B×K) of the rows `x` from the whitened residuals z_ik = W_kᵀ (x_i − μ_k), all
 * components in one B×D @ D×KD matmul (no loop over components; see BACKENDS.md §3b). Call inside `tf.tidy`.
 */
function whitenedLogProb(x: tf.Tensor2D, f: FactorTensors, k: number, d: number): tf.Tensor2D {
  const n = x.shape[0];
  const z = tf.reshape(tf.sub(tf.matMul(x, f.w), f.b), [n, k, d]);
  return tf.sub(f.logConst, tf.mul(tf.sum(tf.square(z), 2), 0.5)) as tf.Tensor2D;
}

/**
 * logWeights_k + log N(x_i | μ_k, Σ_k) for every row of `rows.x` and component; with the float64 rows (`values`, and
 * `completeRows` when `x` holds only some of them), components float32 cannot resolve are computed in float64.
 */
export function weightedLogProb(
  state: GaussianComponents,
  rows: RowBlock & { readonly values?: Float64Array; readonly completeRows?: Int32Array | null },
  logWeights: Float64Array,
): tf.Tensor2D {
  const f = uploadFactors(eStepFactors(state, rows.center, logWeights), state.k, state.d);
  const exact = rows.values ? float64Components(state, rows.center) : [];
  const n = rows.x.shape[0];
  const lp = tf.tidy(() => {
    const p = whitenedLogProb(rows.x, f, state.k, state.d);
    if (exact.length === 0) return p;
    return withFloat64Columns(p, float64LogProb(state, logWeights, exact, rows.values!, rows.completeRows ?? null, 0, n), exact);
  });
  disposeFactors(f);
  return lp;
}

/** Log responsibilities log r_ik and per-row log-likelihood log p(x_i) of the rows in `rows.x`. */
export function logResponsibilities(state: GaussianComponents, rows: RowBlock, logWeights: Float64Array): { logResp: tf.Tensor2D; logLik: tf.Tensor1D } {
  const lp = weightedLogProb(state, rows, logWeights);
  const out = tf.tidy(() => {
    const lse = tf.logSumExp(lp, 1, true);
    return { logResp: tf.sub(lp, lse) as tf.Tensor2D, logLik: tf.reshape(lse, [rows.x.shape[0]]) as tf.Tensor1D };
  });
  lp.dispose();
  return out;
}

/**
 * The frames of the E-step's whitened coordinates: the E-step computes, in float32, z = W̃_kᵀ x̃ − b̃_k with x̃ = x − c
 * and W̃_k, b̃_k the float32 factors, so x = m_k + A_k z with A_k = W̃_k⁻ᵀ (lower triangular, ≈ the Cholesky factor
 * of Σ_k) and m_k = c + m̃_k, m̃_k = A_k b̃_k (≈ μ_k − c). All are computed in float64 from the float32 values used.
 */
function framesOf(f: EStepFactors, center: Float64Array, k: number, d: number): { shift: Float64Array; local: Float64Array; basis: Float64Array } {
  const kd = k * d;
  const shift = new Float64Array(kd);
  const local = new Float64Array(kd);
  const basis = new Float64Array(k * d * d);
  const wt = new Float64Array(d * d);
  for (let c = 0; c < k; c++) {
    // W̃ᵀ[j][a] = w[a, c·d + j]: lower triangular.
    for (let a = 0; a < d; a++) for (let j = 0; j < d; j++) wt[j * d + a] = f.w[a * kd + c * d + j];
    const A = invertLower(matrix(d, d, wt)).data;
    basis.set(A, c * d * d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += A[i * d + j] * f.b[c * d + j];
      local[c * d + i] = s;
      shift[c * d + i] = center[i] + s;
    }
  }
  return { shift, local, basis };
}

/**
 * One E-step over all rows: the mean log-likelihood (1/N) Σ_i log p(x_i) and the (expected) statistics of the
 * responsibilities. Complete rows take the batched tfjs path in blocks of `ROW_BLOCK` rows (`data.blocks`): per
 * block one matmul gives the whitened residuals z_ik, which serve both the log-densities and the moments of the M-step
 * (in the frame of each component's current mean and Cholesky factor, see `GmmStats` and `blockMoments`); the
 * per-block float32 sums are accumulated in float64. Components whose statistics are too degenerate for float32 are
 * then recomputed in float64 (`gmm-refine.ts`). Rows with missing cells take the exact float64 path of `missingEStep`, about the same shifts, mapped into
 * the same frames. `sumRLogR` (Σ_ik r_ik log r_ik, for variational bounds) is computed when asked.
 */
export function mixtureEStep(
  state: GaussianComponents,
  data: GmmData,
  logWeights: Float64Array,
  opts: { entropy?: boolean } = {},
): { stats: GmmStats; objective: number; sumRLogR: number } {
  const { k, d } = state;
  const nComplete = data.nComplete;
  let sumLogLik = 0;
  let sumRLogR = 0;
  let stats: GmmStats;
  if (nComplete > 0) {
    const factors = eStepFactors(state, data.center, logWeights);
    const { shift, local, basis } = framesOf(factors, data.center, k, d);
    const anchors = Float32Array.from(local);
    const anchorsT = anchorTensor(anchors, k, d);
    const wb = augmentedFactors(factors, k, d);
    const logConst = tf.tensor1d(factors.logConst);
    const sums = momentSums(k, d);
    const respBlocks: tf.Tensor2D[] = [];
    // Components float32 cannot resolve at this scale: log-densities in float64 here, statistics in float64 below.
    const exact = float64Components(state, data.center);
    let start = 0;
    for (let blk = 0; blk < data.blocks.length; blk++) {
      const xOne = data.blocks[blk];
      const size = xOne.shape[0];
      const exactLp = exact.length > 0 ? float64LogProb(state, logWeights, exact, data.values, data.completeRows, start, size) : null;
      start += size;
      const [resp, ll, h, ...moments] = tf.tidy(() => {
        const z = tf.reshape(tf.matMul(xOne, wb), [size, k, d]) as tf.Tensor3D;
        const lp32 = tf.sub(logConst, tf.mul(tf.sum(tf.square(z), 2), 0.5)) as tf.Tensor2D;
        const lp = exactLp ? withFloat64Columns(lp32, exactLp, exact) : lp32;
        const lse = tf.logSumExp(lp, 1, true);
        const logResp = tf.sub(lp, lse);
        const r = tf.exp(logResp) as tf.Tensor2D;
        return [r, tf.sum(lse), opts.entropy ? tf.sum(tf.mul(r, logResp)) : tf.scalar(0), ...blockMoments(z, r, data.blocksT[blk], anchorsT)];
      });
      respBlocks.push(resp as tf.Tensor2D);
      sumLogLik += ll.dataSync()[0];
      sumRLogR += h.dataSync()[0];
      tf.dispose([ll, h]);
      addBlock(sums, moments as [tf.Tensor1D, tf.Tensor2D], size);
    }
    tf.dispose([wb, logConst]);
    anchorsT.dispose();
    stats = finishMoments(sums, { shift, basis, w: factors.w, anchors, local });
    // Components whose float32 statistics are too degenerate (collapsing onto few points) are redone in float64.
    const degenerate = [...new Set([...exact, ...degenerateComponents(stats)])];
    if (degenerate.length > 0) stats = refineInFloat64(stats, degenerate, readRows(respBlocks, nComplete, k), data.values, data.completeRows);
    tf.dispose(respBlocks);
  } else {
    stats = emptyStats(k, d, Float64Array.from(state.means), null);
  }
  if (!data.missing) return { stats, objective: sumLogLik / nComplete, sumRLogR };
  const m = missingEStep(state, logWeights, data.missing, data.values, { shifts: stats.shift, logResp: Boolean(opts.entropy) });
  addRawShifted(stats, m.stats!, data.missing.count);
  if (m.logResp) for (const lr of m.logResp) sumRLogR += Math.exp(lr) * lr;
  return { stats, objective: (sumLogLik + m.sumLogLik) / data.n, sumRLogR };
}

/** The rows of row-block tensors, concatenated into one row-major array. */
function readRows(blocks: tf.Tensor2D[], n: number, k: number): Float32Array {
  const out = new Float32Array(n * k);
  let at = 0;
  for (const b of blocks) {
    const v = b.dataSync();
    out.set(v, at);
    at += v.length;
  }
  return out;
}

/** E-step of `mixture/gmm`: the mean log-likelihood at `state` and the statistics of its responsibilities. */
export function gmmEStep(state: GmmState, data: GmmData): { stats: GmmStats; objective: number } {
  const { stats, objective } = mixtureEStep(state, data, logWeightsOf(state));
  return { stats, objective };
}
