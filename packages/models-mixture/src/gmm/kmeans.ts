import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln K⌋ local trials):
 * each new centre is drawn with probability ∝ D(x)², the squared distance to the nearest chosen centre,
 * keeping the candidate that lowers the total potential most. Returns K×D centres (float64, row-major).
 */
export function kmeansPlusPlus(values: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centres.set(values.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(values, i, centres, 0, d);
  let potential = closest.reduce((a, b) => a + b, 0);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Infinity;
    let best = 0;
    for (let t = 0; t < trials; t++) {
      const cand = sampleProportional(closest, potential, rng);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i], sqDist(values, i, values, cand, d));
        candidateDist[i] = v;
        pot += v;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        best = cand;
        bestDist.set(candidateDist);
      }
    }
    centres.set(values.subarray(best * d, best * d + d), c * d);
    closest.set(bestDist);
    potential = bestPotential;
  }
  return centres;
}

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = a[i * d + t] - b[j * d + t];
    s += diff * diff;
  }
  return s;
}

function sampleProportional(weights: Float64Array, total: number, rng: Rng): number {
  if (!(total > 0)) return rng.int(weights.length);
  let u = rng.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Lloyd's k-means iterations on the (centred) data tensor, from `centres` (K×D, same centring).
 * Stops when the squared centre shift is below tol·mean column variance (scikit-learn's rule) or after maxIter.
 * Returns the final hard assignment as an int32 N-vector tensor (caller disposes).
 */
export function lloyd(x: tf.Tensor2D, centres: Float64Array, k: number, opts: { maxIter?: number; tol?: number } = {}): tf.Tensor1D {
  const d = x.shape[1];
  const maxIter = opts.maxIter ?? 300;
  const c = Float64Array.from(centres);
  const tolerance = tf.tidy(() => tf.mean(tf.moments(x, 0).variance).dataSync()[0]) * (opts.tol ?? 1e-4);
  let labels: tf.Tensor1D = nearestCentre(x, c, k);
  for (let it = 0; it < maxIter; it++) {
    const [sums, counts] = tf.tidy(() => {
      const oneHot = indicator(labels, k);
      return [tf.matMul(tf.transpose(oneHot), x), tf.sum(oneHot, 0)];
    });
    const s = sums.dataSync();
    const cnt = counts.dataSync();
    tf.dispose([sums, counts]);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (cnt[j] === 0) continue;
      for (let t = 0; t < d; t++) {
        const v = s[j * d + t] / cnt[j];
        shift += (v - c[j * d + t]) ** 2;
        c[j * d + t] = v;
      }
    }
    const next = nearestCentre(x, c, k);
    labels.dispose();
    labels = next;
    if (shift <= tolerance) break;
  }
  return labels;
}

/** Index of the nearest centre for every row: argmin_k ‖c_k‖² − 2 x·c_k (‖x‖² does not change the argmin). */
export function nearestCentre(x: tf.Tensor2D, c: Float64Array, k: number): tf.Tensor1D {
  const d = x.shape[1];
  const ct = new Float32Array(d * k);
  const cNorm = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < d; t++) {
      ct[t * k + j] = c[j * d + t];
      cNorm[j] += c[j * d + t] ** 2;
    }
  }
  return tf.tidy(() => tf.argMin(tf.sub(tf.tensor1d(cNorm), tf.mul(tf.matMul(x, tf.tensor2d(ct, [d, k])), 2)), 1) as tf.Tensor1D);
}

/** One-hot float32 rows for integer labels; unlike `tf.oneHot` it accepts depth 1. */
export function indicator(labels: tf.Tensor1D, k: number): tf.Tensor2D {
  return tf.tidy(() => (k === 1 ? tf.ones([labels.shape[0], 1]) : tf.cast(tf.oneHot(labels, k), 'float32')) as tf.Tensor2D);
}
