import { requireDense } from '@latentkit/core';
import type { Dataset, Rng } from '@latentkit/core';
import type { EmTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { KMeansParams } from './kmeans-params.js';

/** Registry key of the plugin. */
export const KMEANS_KEY = 'example/kmeans';

/** Fitting state: K centres of D numbers, row-major, in float64. */
export interface KMeansState {
  readonly centers: Float64Array;
  readonly k: number;
  readonly d: number;
}

/** The data as the E-step needs it, made once per fit: X as a tensor (N×D), its row norms ‖x_i‖² (N×1), and the float64 rows. */
export interface KMeansData {
  readonly x: tf.Tensor2D;
  readonly xSq: tf.Tensor2D;
  readonly values: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
}

/** Sufficient statistics of an assignment: points per cluster and the sum of their rows. */
export interface KMeansStats {
  readonly counts: Float64Array;
  readonly sums: Float64Array;
}

/** Tensors of the data; the engine disposes them after the fit. */
export function prepareKMeansData(data: Dataset): KMeansData {
  const { nRows, nCols, values } = requireDense(data, KMEANS_KEY);
  const x = tf.tensor2d(Float32Array.from(values), [nRows, nCols]);
  const xSq = tf.tidy(() => tf.sum(tf.square(x), 1, true) as tf.Tensor2D);
  return { x, xSq, values, nRows, nCols };
}

/**
 * Index of the nearest centre of every row, on tfjs in one matmul: ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖² for all rows
 * and centres at once (N×K), then the arg-min per row. The centres' transpose is built in JS, so the matmul needs
 * no transposed operand (slow on wasm).
 */
export function nearestCenters(x: tf.Tensor2D, xSq: tf.Tensor2D, state: KMeansState): Int32Array {
  const { k, d, centers } = state;
  const cT = new Float32Array(d * k);
  const cSq = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      cT[j * k + c] = centers[c * d + j];
      cSq[c] += centers[c * d + j] ** 2;
    }
  }
  const nearest = tf.tidy(() => {
    const dist = tf.add(tf.sub(xSq, tf.mul(tf.matMul(x, tf.tensor2d(cT, [d, k])), 2)), tf.tensor1d(cSq));
    return tf.argMin(dist, 1);
  });
  const out = Int32Array.from(nearest.dataSync());
  nearest.dispose();
  return out;
}

/** Mean squared distance of the rows to their assigned centres (the inertia per sample), in float64. */
export function meanSquaredDistance(values: Float64Array, nRows: number, state: KMeansState, assignment: Int32Array): number {
  const { d, centers } = state;
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    const c = assignment[i] * d;
    for (let j = 0; j < d; j++) total += (values[i * d + j] - centers[c + j]) ** 2;
  }
  return total / nRows;
}

/** k-means++ (Arthur & Vassilvitskii 2007): each next centre is a row drawn with probability ∝ its squared distance to the nearest centre so far. */
function kmeansPlusPlus(values: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const dist = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < k; c++) {
    centers.set(values.subarray(pick * d, (pick + 1) * d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (values[i * d + j] - centers[c * d + j]) ** 2;
      if (s < dist[i]) dist[i] = s;
      total += dist[i];
    }
    if (c === k - 1) break;
    if (total === 0) {
      pick = rng.int(n);
      continue;
    }
    let u = rng.uniform() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= dist[i];
      if (u < 0) {
        pick = i;
        break;
      }
    }
  }
  return centers;
}

/** The first centres: k-means++ or K distinct random rows (cycling when K > N), as `params.init` says. */
export function initialCenters(values: Float64Array, n: number, d: number, params: KMeansParams, rng: Rng): KMeansState {
  const k = params.nClusters;
  if (params.init === 'k-means++') return { centers: kmeansPlusPlus(values, n, d, k, rng), k, d };
  const rows = rng.permutation(n);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(values.subarray(rows[c % n] * d, (rows[c % n] + 1) * d), c * d);
  return { centers, k, d };
}

/**
 * Lloyd's algorithm written as EM terms with hard assignments (k-means is the zero-variance limit of an isotropic
 * Gaussian mixture), so that the shared `inference/em` engine fits it:
 * the E-step assigns every row to its nearest centre and evaluates the objective L(C) = −(1/N) Σ_i min_k ‖x_i − c_k‖²;
 * the M-step moves every centre to the mean of its rows (a centre without rows stays where it is).
 * L never decreases: the M-step minimises the distances for the fixed assignment, and the next E-step can only
 * lower them further.
 */
export function kmeansTerms(params: KMeansParams): EmTerms<KMeansState, KMeansData, KMeansStats> {
  const k = params.nClusters;
  return {
    prepare: prepareKMeansData,
    init: (data, rng) => initialCenters(data.values, data.nRows, data.nCols, params, rng),
    eStep: (state, data) => {
      const assignment = nearestCenters(data.x, data.xSq, state);
      const counts = new Float64Array(k);
      const sums = new Float64Array(k * state.d);
      for (let i = 0; i < data.nRows; i++) {
        const c = assignment[i];
        counts[c]++;
        for (let j = 0; j < state.d; j++) sums[c * state.d + j] += data.values[i * state.d + j];
      }
      return { stats: { counts, sums }, objective: -meanSquaredDistance(data.values, data.nRows, state, assignment) };
    },
    mStep: (state, { counts, sums }) => {
      const centers = Float64Array.from(state.centers);
      for (let c = 0; c < k; c++) {
        if (counts[c] === 0) continue;
        for (let j = 0; j < state.d; j++) centers[c * state.d + j] = sums[c * state.d + j] / counts[c];
      }
      return { centers, k, d: state.d };
    },
  };
}
