import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln K⌋ local trials):
 * each new centre is drawn with probability ∝ D(x)², the squared distance to the nearest chosen centre,
 * keeping the candidate that lowers the total potential most. Returns K×D centres (float64, row-major). Holds one
 * N-array (the squared distances), not one per trial.
 */
export function kmeansPlusPlus(values: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centres.set(values.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(values, i, centres, 0, d);
  let potential = closest.reduce((a, b) => a + b, 0);
  for (let c = 1; c < k; c++) {
    let bestPotential = Infinity;
    let best = 0;
    for (let t = 0; t < trials; t++) {
      const cand = sampleProportional(closest, potential, rng);
      let pot = 0;
      for (let i = 0; i < n; i++) pot += Math.min(closest[i], sqDist(values, i, values, cand, d));
      if (pot < bestPotential) {
        bestPotential = pot;
        best = cand;
      }
    }
    // The distances to the chosen candidate again, rather than an N-array kept per trial.
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], sqDist(values, i, values, best, d));
    centres.set(values.subarray(best * d, best * d + d), c * d);
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
 * Lloyd's k-means iterations from `centres` (K×D, centred at `center`) on the rows of `values` (N×D, float64), which
 * `blocks` hold centred and rounded to float32 with a 1 appended (B×(D + 1) each, in row order; see `GmmData`).
 * The nearest centres come from one matmul per block; the new centres are the label means, summed in float64 in JS.
 * Stops when the squared centre shift is below tol·mean column variance (scikit-learn's rule) or after maxIter.
 * Returns the final hard assignment (N). Nothing of size N is allocated in the tensor backend.
 */
export function lloyd(
  blocks: readonly tf.Tensor2D[],
  values: Float64Array,
  center: Float64Array,
  centres: Float64Array,
  k: number,
  opts: { maxIter?: number; tol?: number } = {},
): Int32Array {
  const d = center.length;
  const n = values.length / d;
  const maxIter = opts.maxIter ?? 300;
  const c = Float64Array.from(centres);
  const tolerance = meanColumnVariance(values, n, d) * (opts.tol ?? 1e-4);
  // Two label arrays, used in turn: no N-array of garbage per iteration.
  let labels = nearestCentre(blocks, c, k);
  let spare: Int32Array = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let it = 0; it < maxIter; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      counts[l]++;
      for (let t = 0; t < d; t++) sums[l * d + t] += values[i * d + t] - center[t];
    }
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let t = 0; t < d; t++) {
        const v = sums[j * d + t] / counts[j];
        shift += (v - c[j * d + t]) ** 2;
        c[j * d + t] = v;
      }
    }
    const next = nearestCentre(blocks, c, k, spare);
    spare = labels;
    labels = next;
    if (shift <= tolerance) break;
  }
  return labels;
}

/** (1/D) Σ_j Var(x_·j), the population variance of each column averaged over the columns (float64, two passes). */
function meanColumnVariance(values: Float64Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += values[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const e = values[i * d + t] - mean[t];
      total += e * e;
    }
  }
  return total / (n * d);
}

/**
 * Index of the nearest centre for every row of `blocks` (rows [x̃_i, 1], B×(D + 1)), in row order:
 * argmin_k ‖c_k‖² − 2 x̃_i·c_k (‖x̃_i‖² does not change the argmin; ties to the lower index), as one
 * B×(D + 1) @ (D + 1)×K matmul per block against [−2Cᵀ; ‖c‖²]. Written into `out` when given.
 */
export function nearestCentre(blocks: readonly tf.Tensor2D[], c: Float64Array, k: number, out?: Int32Array): Int32Array {
  const n = blocks.reduce((s, b) => s + b.shape[0], 0);
  out ??= new Int32Array(n);
  if (n === 0) return out;
  const d = blocks[0].shape[1] - 1;
  const ct = new Float32Array((d + 1) * k);
  const cNorm = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < d; t++) {
      ct[t * k + j] = -2 * Math.fround(c[j * d + t]);
      cNorm[j] += c[j * d + t] ** 2;
    }
    ct[d * k + j] = cNorm[j];
  }
  const centresT = tf.tensor2d(ct, [d + 1, k]);
  let at = 0;
  for (const block of blocks) {
    const labels = tf.tidy(() => tf.argMin(tf.matMul(block, centresT), 1));
    out.set(labels.dataSync(), at);
    at += block.shape[0];
    labels.dispose();
  }
  centresT.dispose();
  return out;
}

/** One-hot float32 rows (N×K, row-major) for integer labels. */
export function indicator(labels: Int32Array, k: number): Float32Array {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}
