import type { Dataset, Rng } from '@latentkit/core';
import { requireDense } from '@latentkit/core';
import type { EmTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { ToyMixtureParams } from './toy-mixture-params.js';

/** EM state of `toy/mixture`: means μ (K×D) and log mixing weights log π (K). */
export interface ToyMixtureState {
  /** Component means μ, K×D: row k is the mean of component k. */
  readonly means: tf.Tensor2D;
  /** Log mixing weights log π, K entries with Σₖ πₖ = 1. */
  readonly logWeights: tf.Tensor1D;
}

/** The data as tensors, made once per fit: X (N×D), the row norms ‖x_i‖² (N×1), and the float64 rows. */
export interface ToyMixtureData {
  readonly x: tf.Tensor2D;
  readonly xSq: tf.Tensor2D;
  readonly values: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
}

interface ToyStats {
  readonly nk: tf.Tensor1D;
  readonly sx: tf.Tensor2D;
}

export function prepareToyData(data: Dataset): ToyMixtureData {
  const { nRows, nCols, values } = requireDense(data, 'toy/mixture');
  const x = tf.tensor2d(Float32Array.from(values), [nRows, nCols]);
  const xSq = tf.tidy(() => tf.sum(tf.square(x), 1, true) as tf.Tensor2D);
  return { x, xSq, values, nRows, nCols };
}

/** log π_k + log N(x_i | μ_k, σ²I) for every row and component (N×K), with ‖x − μ‖² = ‖x‖² − 2xμᵀ + ‖μ‖². */
export function logJoint(x: tf.Tensor2D, xSq: tf.Tensor2D, state: ToyMixtureState, variance: number): tf.Tensor2D {
  return tf.tidy(() => {
    const d = x.shape[1];
    const cross = tf.matMul(x, tf.transpose(state.means));
    const muSq = tf.sum(tf.square(state.means), 1);
    const sq = tf.add(tf.sub(xSq, tf.mul(cross, 2)), muSq);
    return tf.add(tf.mul(sq, -0.5 / variance), tf.sub(state.logWeights, 0.5 * d * Math.log(2 * Math.PI * variance))) as tf.Tensor2D;
  });
}

function initialMeans(params: ToyMixtureParams, data: ToyMixtureData, rng: Rng): Float32Array {
  const { nComponents: k } = params;
  const { nRows: n, nCols: d, values } = data;
  const rows = params.init === 'first-rows' ? Int32Array.from({ length: n }, (_, i) => i) : rng.permutation(n);
  const means = new Float32Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] = values[rows[c % n] * d + j];
  return means;
}

/**
 * EM for a mixture of K Gaussians N(μ_k, σ²I) with known σ²:
 * E-step r_ik = π_k N(x_i | μ_k, σ²I) / Σ_j π_j N(x_i | μ_j, σ²I), objective (1/N) Σ_i log Σ_k π_k N(x_i | μ_k, σ²I);
 * M-step N_k = Σ_i r_ik, μ_k = Σ_i r_ik x_i / N_k, π_k = N_k / N.
 */
export function toyMixtureTerms(params: ToyMixtureParams): EmTerms<ToyMixtureState, ToyMixtureData, ToyStats> {
  const k = params.nComponents;
  return {
    prepare: prepareToyData,
    init: (data, rng) => ({
      means: tf.tensor2d(initialMeans(params, data, rng), [k, data.nCols]),
      logWeights: tf.fill([k], -Math.log(k)) as tf.Tensor1D,
    }),
    eStep: (state, data) => {
      const joint = logJoint(data.x, data.xSq, state, params.variance);
      const ll = tf.logSumExp(joint, 1, true);
      const resp = tf.exp(tf.sub(joint, ll));
      const objective = tf.mean(ll).dataSync()[0];
      return { objective, stats: { nk: tf.sum(resp, 0) as tf.Tensor1D, sx: tf.matMul(tf.transpose(resp), data.x) as tf.Tensor2D } };
    },
    mStep: (_state, { nk, sx }, data) => ({
      means: tf.div(sx, tf.expandDims(tf.add(nk, 1e-12), 1)) as tf.Tensor2D,
      logWeights: tf.log(tf.add(tf.div(nk, data.nRows), 1e-30)) as tf.Tensor1D,
    }),
  };
}
