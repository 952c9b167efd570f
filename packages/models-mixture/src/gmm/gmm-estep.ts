import * as tf from '@tensorflow/tfjs-core';
import type { GmmData, RowBlock } from './gmm-data.js';
import { missingEStep } from './gmm-missing.js';
import { float64Components, float64LogProb, withFloat64Columns } from './gmm-float64-components.js';
import { degenerateComponents, refineInFloat64 } from './gmm-refine.js';
import { blockEStep, disposePlan, planEStep, uploadPlan, type BlockEStep, type EStepFrame, type EStepPlan } from './gmm-block-estep.js';
import { addBlockSums, addRawShifted, emptyStats, finishMoments, momentSums, type GmmStats } from './gmm-stats.js';
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
 * One E-step over all rows: the mean log-likelihood (1/N) Σ_i log p(x_i) and the (expected) statistics of the
 * responsibilities. Complete rows take the batched tfjs path of `blockEStep` in blocks of `ROW_BLOCK` rows
 * (`data.blocks`): per block one matmul gives the whitened residuals z_ik, which serve both the log-densities and the
 * moments of the M-step (in the frame of each component's current mean and Cholesky factor, see `GmmStats` and
 * `blockMoments`); the per-block float32 sums are added in float64 in block order. Components whose statistics are too
 * degenerate for float32 are then recomputed in float64 (`gmm-refine.ts`). Rows with missing cells take the exact
 * float64 path of `missingEStep`, about the same shifts, mapped into the same frames. `sumRLogR`
 * (Σ_ik r_ik log r_ik, for variational bounds) is computed when asked.
 */
export function mixtureEStep(state: GaussianComponents, data: GmmData, logWeights: Float64Array, opts: { entropy?: boolean } = {}): MixtureEStep {
  const nComplete = data.nComplete;
  if (nComplete === 0)
    return withMissingRows(state, data, logWeights, opts, {
      stats: emptyStats(state.k, state.d, Float64Array.from(state.means), null),
      sumLogLik: 0,
      sumRLogR: 0,
    });
  const { plan, frame } = planEStep(state, data.center, logWeights, opts);
  const uploaded = uploadPlan(plan);
  const blocks: (BlockEStep & { rows: number })[] = [];
  let start = 0;
  for (let blk = 0; blk < data.blocks.length; blk++) {
    const xOne = data.blocks[blk];
    blocks.push({ ...blockEStep(uploaded, { xOne, xOneT: data.blocksT[blk], values: data.values, rows: data.completeRows, start }), rows: xOne.shape[0] });
    start += xOne.shape[0];
  }
  disposePlan(uploaded);
  try {
    const reduced = reduceBlocks(plan, frame, blocks);
    if (reduced.degenerate.length > 0)
      reduced.stats = refineInFloat64(
        reduced.stats,
        reduced.degenerate,
        readRows(
          blocks.map((b) => b.resp),
          nComplete,
          state.k,
        ),
        data.values,
        data.completeRows,
      );
    return withMissingRows(state, data, logWeights, opts, reduced);
  } finally {
    tf.dispose(blocks.map((b) => b.resp));
  }
}

/** What {@link mixtureEStep} returns. */
export interface MixtureEStep {
  readonly stats: GmmStats;
  readonly objective: number;
  readonly sumRLogR: number;
}

/** The float32 sums one block contributes (`BlockEStep` without its responsibilities) and its number of rows. */
export type BlockSums = Pick<BlockEStep, 'nk' | 'gfh' | 'logLik' | 'sumRLogR'> & { readonly rows: number };

/** The block sums of complete rows, in block order: their statistics, the components to refine, and the totals. */
interface ReducedBlocks {
  stats: GmmStats;
  readonly degenerate: readonly number[];
  readonly sumLogLik: number;
  readonly sumRLogR: number;
}

/**
 * Add the per-block sums in block order (float64), finish the moments in the plan's frames and name the components
 * whose float32 statistics are too degenerate (collapsing onto few points) and must be redone in float64.
 */
export function reduceBlocks(plan: EStepPlan, frame: EStepFrame, blocks: readonly BlockSums[]): ReducedBlocks {
  const sums = momentSums(plan.k, plan.d);
  let sumLogLik = 0;
  let sumRLogR = 0;
  for (const b of blocks) {
    sumLogLik += b.logLik;
    sumRLogR += b.sumRLogR;
    addBlockSums(sums, b.nk, b.gfh, b.rows);
  }
  const stats = finishMoments(sums, frame);
  const degenerate = [...new Set([...(plan.exact?.which ?? []), ...degenerateComponents(stats)])];
  return { stats, degenerate, sumLogLik, sumRLogR };
}

/** Add the rows with missing cells (exact float64 path of `missingEStep`) to the statistics of the complete rows. */
export function withMissingRows(
  state: GaussianComponents,
  data: GmmData,
  logWeights: Float64Array,
  opts: { entropy?: boolean },
  complete: { readonly stats: GmmStats; readonly sumLogLik: number; readonly sumRLogR: number },
): MixtureEStep {
  const { stats, sumLogLik } = complete;
  let sumRLogR = complete.sumRLogR;
  if (!data.missing) return { stats, objective: sumLogLik / data.nComplete, sumRLogR };
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
