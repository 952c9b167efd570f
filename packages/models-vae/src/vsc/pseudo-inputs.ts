import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LikelihoodKind } from '../common/likelihood.js';
import type { DataInfo } from '../common/vae-data.js';
import type { WeightValue, Weights } from '../nn/weights.js';

/** Name of the free parameters v of the pseudo-inputs ([J, D]) in a weights record. */
export const PSEUDO_INPUTS = 'prior.pseudoInputs';

/**
 * The pseudo-inputs u_j as the encoder sees them ([J, D]): u = v for Gaussian data (standardised columns),
 * u = σ(v) ∈ (0, 1) for Bernoulli data, u = softplus(v) > 0 for counts (the encoder sees log(1 + x) ≥ 0).
 */
export function pseudoInputBatch(w: Weights, kind: LikelihoodKind): tf.Tensor2D {
  const v = w[PSEUDO_INPUTS] as tf.Tensor2D;
  if (kind === 'gaussian') return v;
  if (kind === 'bernoulli') return tf.sigmoid(v);
  return tf.softplus(v);
}

/**
 * Initial v of `j` pseudo-inputs: random points around the column means in the encoder's input space,
 * u_jd = m_d + ε_jd with ε ~ N(0, 1) for standardised columns (m = 0), logit(p_d) + ε for Bernoulli columns with
 * mean p_d (clipped to [0.05, 0.95]), and the softplus preimage of log(1 + mean_d) + ε/2 for counts.
 */
export function initPseudoInputs(kind: LikelihoodKind, info: DataInfo, j: number, rng: Rng): WeightValue {
  const d = info.d;
  const values = new Float32Array(j * d);
  for (let r = 0; r < j; r++) {
    for (let c = 0; c < d; c++) {
      const e = rng.normal();
      let v: number;
      if (kind === 'gaussian') v = e;
      else if (kind === 'bernoulli') {
        const p = Math.min(0.95, Math.max(0.05, info.mean[c]));
        v = Math.log(p / (1 - p)) + e;
      } else {
        const u = Math.max(0.05, Math.log1p(Math.max(0, info.mean[c])));
        v = Math.log(Math.expm1(u)) + e / 2;
      }
      values[r * d + c] = v;
    }
  }
  return { shape: [j, d], values };
}
