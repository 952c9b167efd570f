import { dense } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ViObjectives } from '@latentkit/registry';
import type { CvaeParams } from './cvae-params.js';
import { elboOfRows, type CvaeRows } from './cvae-forward.js';
import { hsic, mmd, wassersteinToZero } from './cvae-regularizers.js';

/** The regulariser R = background + target, split by the rows each part reads (how R enters the MGDA tasks). */
export interface RegularizerParts {
  readonly background: tf.Scalar;
  readonly target: tf.Scalar;
}

/** The rows `idx` of `t`, as a product with a constant 0/1 selection matrix (tf.gather has no gradient on wasm). */
function rowsAt(t: tf.Tensor2D, idx: number[]): tf.Tensor2D {
  if (idx.length === 0) return tf.zeros([0, t.shape[1]]);
  const select = new Float32Array(idx.length * t.shape[0]);
  idx.forEach((row, k) => (select[k * t.shape[0] + row] = 1));
  return dense(tf.tensor2d(select, [idx.length, t.shape[0]]), t, undefined, { inputGradient: false }) as tf.Tensor2D;
}

/**
 * The regulariser on a batch (first particle), split by the group whose rows it reads:
 * - 'wasserstein' (contrastiveVI): background part mean_b ‖μ_t(x_b)‖² + Σ σ²_t(x_b); target part 0.
 * - 'mmd' (MM-cVAE, both of its terms with one weight): MMD(t_bg, 0) + ½·MMD(z_bg, z_tg) in the background part and
 *   ½·MMD(z_bg, z_tg) in the target part, on the reparameterised samples.
 * - 'hsic': target part HSIC(μ_z, μ_t) over the target rows' posterior means (independence of the blocks where both
 *   are active); background part 0.
 * - 'none': both 0.
 */
export function regularizerParts(params: CvaeParams, r: CvaeRows, target: Float32Array): RegularizerParts {
  const zero = (): tf.Scalar => tf.scalar(0);
  const bg: number[] = [];
  const tg: number[] = [];
  target.forEach((m, i) => (m > 0 ? tg : bg).push(i));
  const { shared, salient } = r.posteriors;
  switch (params.regularizer) {
    case 'none':
      return { background: zero(), target: zero() };
    case 'wasserstein':
      return { background: wassersteinToZero(rowsAt(salient.loc, bg), rowsAt(salient.logScale, bg)), target: zero() };
    case 'hsic':
      return { background: zero(), target: hsic(rowsAt(shared.loc, tg), rowsAt(salient.loc, tg)) };
    case 'mmd': {
      const n = target.length;
      const z = tf.slice(r.z, [0, 0], [n, -1]);
      const t = tf.slice(r.t, [0, 0], [n, -1]);
      const tBg = rowsAt(t, bg);
      const half = tf.mul(mmd(rowsAt(z, bg), rowsAt(z, tg)), 0.5) as tf.Scalar;
      return { background: tf.add(mmd(tBg, tf.zerosLike(tBg)), half) as tf.Scalar, target: half };
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
export function weightedLoss(params: CvaeParams, r: CvaeRows, target: Float32Array, klWeight: number): { loss: tf.Scalar; elbo: tf.Scalar } {
  const reg = regularizerParts(params, r, target);
  const penalty = tf.mul(tf.add(reg.background, reg.target), params.regularizerWeight);
  return { loss: tf.add(tf.mean(negativeElboRows(r, klWeight)), penalty) as tf.Scalar, elbo: tf.mean(elboOfRows(r)) as tf.Scalar };
}

/**
 * The objectives of the multi-objective schemes. Tasks 'background' and 'target': the mean negative ELBO over the
 * batch's background rows (−log p(x | z, 0) + w·KL_z) and over its target rows (−log p(x | z, t) + w·(KL_z + KL_t)).
 * With `training: 'mgda'` each task adds λ times its part of R (see {@link regularizerParts}); with
 * `training: 'constrained'` the tasks carry no R and R itself is the constraint (kept ≤ `constraintBound`).
 */
export function cvaeObjectives(params: CvaeParams, r: CvaeRows, target: Float32Array, klWeight: number, particles: number): ViObjectives {
  const neg = negativeElboRows(r, klWeight);
  const nTarget = target.reduce((a, b) => a + b, 0) * particles;
  const nBackground = target.length * particles - nTarget;
  const background = groupMean(neg, tf.sub(1, r.target) as tf.Tensor1D, nBackground);
  const targetLoss = groupMean(neg, r.target, nTarget);
  const elbo = tf.mean(elboOfRows(r)) as tf.Scalar;
  if (params.regularizer === 'none')
    return {
      tasks: [
        { name: 'background', loss: background },
        { name: 'target', loss: targetLoss },
      ],
      elbo,
    };
  const reg = regularizerParts(params, r, target);
  if (params.training === 'constrained')
    return {
      tasks: [
        { name: 'background', loss: background },
        { name: 'target', loss: targetLoss },
      ],
      constraint: tf.add(reg.background, reg.target) as tf.Scalar,
      elbo,
    };
  const w = params.regularizerWeight;
  return {
    tasks: [
      { name: 'background', loss: tf.add(background, tf.mul(reg.background, w)) as tf.Scalar },
      { name: 'target', loss: tf.add(targetLoss, tf.mul(reg.target, w)) as tf.Scalar },
    ],
    elbo,
  };
}
