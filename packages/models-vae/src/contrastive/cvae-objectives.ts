import { dense } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ViObjectives } from '@latentkit/registry';
import type { CvaeParams } from './cvae-params.js';
import { elboOfRows, type CvaeRows } from './cvae-forward.js';
import { hsic, mmd, wassersteinToZero } from './cvae-regularizers.js';

/** The regulariser R = background + Σ_g target_g, split by the rows each part reads (how R enters the MGDA tasks). */
export interface RegularizerParts {
  readonly background: tf.Scalar;
  /** One part per salient block: the rows of target group g (one block: every target row). */
  readonly targets: readonly tf.Scalar[];
}

/** The rows `idx` of `t`, as a product with a constant 0/1 selection matrix (tf.gather has no gradient on wasm). */
function rowsAt(t: tf.Tensor2D, idx: number[]): tf.Tensor2D {
  if (idx.length === 0) return tf.zeros([0, t.shape[1]]);
  const select = new Float32Array(idx.length * t.shape[0]);
  idx.forEach((row, k) => (select[k * t.shape[0] + row] = 1));
  return dense(tf.tensor2d(select, [idx.length, t.shape[0]]), t, undefined, { inputGradient: false }) as tf.Tensor2D;
}

/** Row indices of the background (code 0) and of each of `blocks` salient blocks (code g; one block: every code > 0). */
function rowsByBlock(codes: Float32Array, blocks: number): { bg: number[]; byBlock: number[][] } {
  const bg: number[] = [];
  const byBlock: number[][] = Array.from({ length: blocks }, () => []);
  codes.forEach((c, i) => (c > 0 ? byBlock[Math.min(c, blocks) - 1].push(i) : bg.push(i)));
  return { bg, byBlock };
}

/** Columns of salient block g (0-based) of a [rows, G·s] tensor. */
const blockColumns = (t: tf.Tensor2D, g: number, s: number): tf.Tensor2D => tf.slice(t, [0, g * s], [-1, s]);

/**
 * The regulariser on a batch (first particle) with G salient blocks (G = 1 with `salientBlocks: 'shared'`), split by
 * the group whose rows it reads:
 * - 'wasserstein' (contrastiveVI): background part mean_b ‖μ_t(x_b)‖² + Σ σ²_t(x_b) over every block; target parts 0.
 * - 'mmd' (MM-cVAE, both of its terms with one weight): MMD(t_bg, 0) (every block) + Σ_g MMD(z_bg, z_g)/(2G) in the
 *   background part and MMD(z_bg, z_g)/(2G) in target part g, on the reparameterised samples.
 * - 'hsic': target part g HSIC(μ_z, μ_{t_g}) over the rows of group g (independence of the blocks where both are
 *   active); background part 0.
 * - 'none': all 0.
 * With one block these are the two-group terms (target part over every target row).
 */
export function regularizerParts(params: CvaeParams, r: CvaeRows, codes: Float32Array): RegularizerParts {
  const zero = (): tf.Scalar => tf.scalar(0);
  const blocks = r.own.shape[1];
  const s = params.salientDim;
  const { bg, byBlock } = rowsByBlock(codes, blocks);
  const { shared, salient } = r.posteriors;
  switch (params.regularizer) {
    case 'none':
      return { background: zero(), targets: byBlock.map(zero) };
    case 'wasserstein':
      return { background: wassersteinToZero(rowsAt(salient.loc, bg), rowsAt(salient.logScale, bg)), targets: byBlock.map(zero) };
    case 'hsic':
      return { background: zero(), targets: byBlock.map((rows, g) => hsic(rowsAt(shared.loc, rows), rowsAt(blockColumns(salient.loc, g, s), rows))) };
    case 'mmd': {
      const n = codes.length;
      const z = tf.slice(r.z, [0, 0], [n, -1]);
      const t = tf.slice(r.t, [0, 0], [n, -1]);
      const tBg = rowsAt(t, bg);
      const zBg = rowsAt(z, bg);
      const halves = byBlock.map((rows) => tf.mul(mmd(zBg, rowsAt(z, rows)), 0.5 / blocks) as tf.Scalar);
      return { background: tf.addN([mmd(tBg, tf.zerosLike(tBg)), ...halves]) as tf.Scalar, targets: halves };
    }
  }
}

/** Σ_i v_i·w_i / count, or 0 when the group has no rows. */
function groupMean(v: tf.Tensor1D, weight: tf.Tensor1D, count: number): tf.Scalar {
  return count > 0 ? (tf.div(tf.sum(tf.mul(v, weight)), count) as tf.Scalar) : tf.scalar(0);
}

/** The negative ELBO per sampled row with the KL terms weighted by `klWeight`: −log p(x | z, m·t) + w·(KL_z + m·KL_t). */
function negativeElboRows(r: CvaeRows, klWeight: number): tf.Tensor1D {
  return tf.sub(tf.mul(tf.add(r.klShared, tf.mul(r.target, r.klSalient)), klWeight), r.logLik) as tf.Tensor1D;
}

/** The weighted scheme's loss: mean over rows of the negative ELBO (KL weighted by `klWeight`) + λ·R, and the ELBO. */
export function weightedLoss(params: CvaeParams, r: CvaeRows, codes: Float32Array, klWeight: number): { loss: tf.Scalar; elbo: tf.Scalar } {
  const reg = regularizerParts(params, r, codes);
  const penalty = tf.mul(tf.addN([reg.background, ...reg.targets]), params.regularizerWeight);
  return { loss: tf.add(tf.mean(negativeElboRows(r, klWeight)), penalty) as tf.Scalar, elbo: tf.mean(elboOfRows(r)) as tf.Scalar };
}

/**
 * The MGDA task names: 'background', then 'target' for one salient block, or `target:<group>` for each target group
 * with per-group blocks (`groups` in block order).
 */
export function taskNames(blocks: number, groups: readonly string[] = []): string[] {
  return ['background', ...(blocks === 1 ? ['target'] : Array.from({ length: blocks }, (_, g) => `target:${groups[g] ?? g + 1}`))];
}

/**
 * The objectives of the multi-objective schemes. Task 'background': the mean negative ELBO over the batch's
 * background rows (−log p(x | z, 0) + w·KL_z); one task per salient block ('target', or `target:<group>` with
 * per-group blocks, see {@link taskNames}): the mean over that block's rows of −log p(x | z, t) + w·(KL_z + KL_{t_g}).
 * With `training: 'mgda'` each task adds λ times its part of R (see {@link regularizerParts}); with
 * `training: 'constrained'` the tasks carry no R and R itself is the constraint (kept ≤ `constraintBound`).
 */
export function cvaeObjectives(
  params: CvaeParams,
  r: CvaeRows,
  codes: Float32Array,
  klWeight: number,
  particles: number,
  groups: readonly string[] = [],
): ViObjectives {
  const blocks = r.own.shape[1];
  const names = taskNames(blocks, groups);
  const neg = negativeElboRows(r, klWeight);
  const { bg, byBlock } = rowsByBlock(codes, blocks);
  const background = groupMean(neg, tf.sub(1, r.target) as tf.Tensor1D, bg.length * particles);
  const targetLosses = byBlock.map((rows, g) => groupMean(neg, tf.reshape(blockColumns(r.own, g, 1), [-1]) as tf.Tensor1D, rows.length * particles));
  const elbo = tf.mean(elboOfRows(r)) as tf.Scalar;
  const tasks = (losses: readonly tf.Scalar[]) => losses.map((loss, k) => ({ name: names[k], loss }));
  if (params.regularizer === 'none') return { tasks: tasks([background, ...targetLosses]), elbo };
  const reg = regularizerParts(params, r, codes);
  if (params.training === 'constrained')
    return { tasks: tasks([background, ...targetLosses]), constraint: tf.addN([reg.background, ...reg.targets]) as tf.Scalar, elbo };
  const w = params.regularizerWeight;
  const plus = (loss: tf.Scalar, part: tf.Scalar) => tf.add(loss, tf.mul(part, w)) as tf.Scalar;
  return { tasks: tasks([plus(background, reg.background), ...targetLosses.map((l, g) => plus(l, reg.targets[g]))]), elbo };
}
