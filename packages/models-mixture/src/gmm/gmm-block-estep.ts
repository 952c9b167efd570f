import { invertLower, matrix } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { float64Components, float64LogProb, withFloat64Columns } from './gmm-float64-components.js';
import { anchorTensor, blockMoments } from './gmm-stats.js';
import { eStepFactors, type EStepFactors, type GaussianComponents } from './gmm-state.js';

/**
 * What the E-step of every row block reads, as plain arrays: the same for all blocks of one E-step, so it can be sent
 * once to each worker thread (structured clone) or uploaded once in this thread.
 */
export interface EStepPlan {
  readonly k: number;
  readonly d: number;
  /** [W̃; −b̃] ((D + 1)×KD): one matmul with rows [x̃ᵢ, 1] gives the whitened residuals z = x̃W̃ − b̃. */
  readonly wb: Float32Array;
  /** log π_k − (D/2) log 2π + log |W̃_k| (K). */
  readonly logConst: Float32Array;
  /** The anchors μ̂_j as the (D + 1)×K matrix of `blockMoments` (column j: μ̂_j over a 0). */
  readonly anchorsT: Float32Array;
  /** Whether to compute Σ_ik r_ik log r_ik (variational bounds). */
  readonly entropy: boolean;
  /**
   * Components whose log-densities float32 cannot resolve at this scale (`float64Components`), computed in float64
   * from the block's float64 rows, with what that needs; null when there are none.
   */
  readonly exact: { readonly which: readonly number[]; readonly components: GaussianComponents; readonly logWeights: Float64Array } | null;
}

/**
 * The frames the statistics of one E-step are taken in (see `GmmStats`): x = m_k + A_k z with A_k = W̃_k⁻ᵀ and
 * m_k = c + m̃_k, m̃_k = A_k b̃_k; what `finishMoments` needs besides the summed block moments.
 */
export interface EStepFrame {
  readonly shift: Float64Array;
  readonly local: Float64Array;
  readonly basis: Float64Array;
  readonly w: Float32Array;
  readonly anchors: Float32Array;
}

/**
 * The plan and frames of one E-step at `state`, for rows centred at `center`: the float32 factors W̃_k, b̃_k, and the
 * frames computed in float64 from the float32 values the E-step uses (so that x = m_k + A_k z holds for the z it forms).
 */
export function planEStep(
  state: GaussianComponents,
  center: Float64Array,
  logWeights: Float64Array,
  opts: { entropy?: boolean } = {},
): { plan: EStepPlan; frame: EStepFrame } {
  const { k, d } = state;
  const factors = eStepFactors(state, center, logWeights);
  const { shift, local, basis } = framesOf(factors, center, k, d);
  const anchors = Float32Array.from(local);
  const which = float64Components(state, center);
  const plan: EStepPlan = {
    k,
    d,
    wb: augmentedFactors(factors, k, d),
    logConst: factors.logConst,
    anchorsT: anchorColumns(anchors, k, d),
    entropy: Boolean(opts.entropy),
    exact: which.length > 0 ? { which, components: { k, d, means: state.means, covariances: state.covariances }, logWeights } : null,
  };
  return { plan, frame: { shift, local, basis, w: factors.w, anchors } };
}

/** A plan's arrays as tensors, uploaded once per E-step per thread. */
export interface PlanTensors {
  readonly plan: EStepPlan;
  readonly wb: tf.Tensor2D;
  readonly logConst: tf.Tensor1D;
  readonly anchorsT: tf.Tensor2D;
}

export function uploadPlan(plan: EStepPlan): PlanTensors {
  const { k, d } = plan;
  return {
    plan,
    wb: tf.tensor2d(plan.wb, [d + 1, k * d]),
    logConst: tf.tensor1d(plan.logConst),
    anchorsT: tf.tensor2d(plan.anchorsT, [d + 1, k]),
  };
}

export function disposePlan(p: PlanTensors): void {
  tf.dispose([p.wb, p.logConst, p.anchorsT]);
}

/**
 * One block of B complete rows as the E-step reads it: the centred rows with a 1 appended (`xOne`, B×(D + 1)), the
 * same transposed (`xOneT`), and where its float64 rows are (`values`, rows `rows[start + r]`, or `start + r` when
 * `rows` is null, r < B), read only for the components of `EStepPlan.exact`.
 */
export interface EStepBlock {
  readonly xOne: tf.Tensor2D;
  readonly xOneT: tf.Tensor2D;
  readonly values: Float64Array;
  readonly rows: Int32Array | null;
  readonly start: number;
}

/**
 * What one block contributes: the float32 sums of `blockMoments` (N_k, K; [G | F | H]ᵀ, (D + 1 + K)×KD), Σ_i log p(x_i)
 * and Σ_ik r_ik log r_ik (float32 sums of the block), and the responsibilities (B×K tensor, owned by the caller: kept
 * only when degenerate components are recomputed in float64).
 */
export interface BlockEStep {
  readonly nk: Float32Array;
  readonly gfh: Float32Array;
  readonly logLik: number;
  readonly sumRLogR: number;
  readonly resp: tf.Tensor2D;
}

/**
 * The E-step of one row block: log-densities of all components from one B×(D + 1) @ (D + 1)×KD matmul, the
 * responsibilities, and the moments of `blockMoments`. The result depends only on the plan and the block (never on
 * other blocks or on which thread runs it), which is what makes threaded and streamed E-steps reproduce this one bit
 * for bit when their partial results are added in block order.
 */
export function blockEStep(p: PlanTensors, block: EStepBlock): BlockEStep {
  const { k, d, exact } = p.plan;
  const size = block.xOne.shape[0];
  const exactLp = exact ? float64LogProb(exact.components, exact.logWeights, exact.which, block.values, block.rows, block.start, size) : null;
  const [resp, ll, h, nk, gfh] = tf.tidy(() => {
    const z = tf.reshape(tf.matMul(block.xOne, p.wb), [size, k, d]) as tf.Tensor3D;
    const lp32 = tf.sub(p.logConst, tf.mul(tf.sum(tf.square(z), 2), 0.5)) as tf.Tensor2D;
    const lp = exactLp ? withFloat64Columns(lp32, exactLp, exact!.which) : lp32;
    const lse = tf.logSumExp(lp, 1, true);
    const logResp = tf.sub(lp, lse);
    const r = tf.exp(logResp) as tf.Tensor2D;
    return [r, tf.sum(lse), p.plan.entropy ? tf.sum(tf.mul(r, logResp)) : tf.scalar(0), ...blockMoments(z, r, block.xOneT, p.anchorsT)];
  });
  const out: BlockEStep = {
    nk: nk.dataSync() as Float32Array,
    gfh: gfh.dataSync() as Float32Array,
    logLik: ll.dataSync()[0],
    sumRLogR: h.dataSync()[0],
    resp: resp as tf.Tensor2D,
  };
  tf.dispose([ll, h, nk, gfh]);
  return out;
}

/** [W̃; −b̃] ((D + 1)×KD): one matmul with rows [x̃ᵢ, 1] gives z = x̃W̃ − b̃ without a separate subtraction. */
function augmentedFactors(f: EStepFactors, k: number, d: number): Float32Array {
  const kd = k * d;
  const wb = new Float32Array((d + 1) * kd);
  wb.set(f.w);
  for (let i = 0; i < kd; i++) wb[d * kd + i] = -f.b[i];
  return wb;
}

/** μ̂ (K×D) as the (D + 1)×K array `blockMoments` takes: column j holds μ̂_j over a 0. */
function anchorColumns(anchors: Float32Array, k: number, d: number): Float32Array {
  const t = anchorTensor(anchors, k, d);
  const out = t.dataSync() as Float32Array;
  t.dispose();
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
