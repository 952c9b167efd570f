// Kernels of the GMM E-step on block-pool threads (`GMM_KERNELS`): each thread holds its row blocks as plain arrays,
// uploads them once, and keeps the responsibilities of the last E-step until the next one.
import type { HeldBlock } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { blockEStep, disposePlan, uploadPlan, type EStepPlan } from './gmm-block-estep.js';
import type { BlockSums } from './gmm-estep.js';

/**
 * One row block as a pool thread holds it: B complete rows centred and with a 1 appended (`xOne`, B×(D + 1), and
 * transposed, `xOneT`), and the same rows in float64 (`values`, B×D, uncentred) for the components of
 * `EStepPlan.exact`.
 */
export interface GmmBlock {
  readonly rows: number;
  readonly d: number;
  readonly xOne: Float32Array;
  readonly xOneT: Float32Array;
  readonly values: Float64Array;
}

function tensorsOf(b: HeldBlock<GmmBlock>): { xOne: tf.Tensor2D; xOneT: tf.Tensor2D } {
  let t = b.cache.get('x') as [tf.Tensor2D, tf.Tensor2D] | undefined;
  if (!t) {
    const { rows, d, xOne, xOneT } = b.data;
    t = [tf.tensor2d(xOne, [rows, d + 1]), tf.tensor2d(xOneT, [d + 1, rows])];
    b.cache.set('x', t);
  }
  return { xOne: t[0], xOneT: t[1] };
}

/** The E-step of `plan` on every block this thread holds (`blockEStep`); the responsibilities stay here. */
export function eStepBlocks(plan: EStepPlan, blocks: readonly HeldBlock<GmmBlock>[]): BlockSums[] {
  const uploaded = uploadPlan(plan);
  try {
    return blocks.map((b) => {
      (b.cache.get('resp') as tf.Tensor | undefined)?.dispose();
      b.cache.delete('resp');
      const { xOne, xOneT } = tensorsOf(b);
      const { resp, nk, gfh, logLik, sumRLogR } = blockEStep(uploaded, { xOne, xOneT, values: b.data.values, rows: null, start: 0 });
      b.cache.set('resp', resp);
      return { nk, gfh, logLik, sumRLogR, rows: b.data.rows };
    });
  } finally {
    disposePlan(uploaded);
  }
}

/** The responsibilities (B×K, row-major) of the last E-step of every block this thread holds. */
export function blockResponsibilities(_payload: null, blocks: readonly HeldBlock<GmmBlock>[]): Float32Array[] {
  return blocks.map((b) => {
    const resp = b.cache.get('resp') as tf.Tensor | undefined;
    if (!resp) throw new Error(`block ${b.index + 1} has no responsibilities: run eStepBlocks first`);
    return Float32Array.from(resp.dataSync() as Float32Array);
  });
}
