import type { Dataset, DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Data as the GMM engine uses it: float32 tensors of the centred rows, built once per fit. */
export interface GmmData {
  readonly n: number;
  readonly d: number;
  /** The original rows (float64), used by the k-means++ seeding. */
  readonly values: Float64Array;
  /** Column means c; `x` holds x_i − c. */
  readonly center: Float64Array;
  readonly x: tf.Tensor2D;
  /** Per-row outer products (x_i − c)(x_i − c)ᵀ flattened to N×D², when small enough to keep. */
  readonly xx: tf.Tensor2D | null;
}

/** Keep the N×D² outer-product matrix when it has at most this many elements (64M floats = 256 MB). */
const OUTER_PRODUCT_BUDGET = 64_000_000;

export function asDense(data: Dataset, who: string): DenseDataset {
  if (data.kind !== 'dense') throw new Error(`${who} needs a dense numeric matrix, got a count matrix`);
  return data;
}

export function prepareGmmData(data: Dataset, center?: Float64Array): GmmData {
  const ds = asDense(data, 'mixture/gmm');
  const { nRows: n, nCols: d, values } = ds;
  const c = center ?? columnMeans(values, n, d);
  const centred = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centred[i * d + j] = values[i * d + j] - c[j];
  const x = tf.tensor2d(centred, [n, d]);
  const xx =
    n * d * d <= OUTER_PRODUCT_BUDGET ? tf.tidy(() => tf.reshape(tf.mul(tf.reshape(x, [n, d, 1]), tf.reshape(x, [n, 1, d])), [n, d * d]) as tf.Tensor2D) : null;
  return { n, d, values, center: c, x, xx };
}

export function disposeGmmData(p: GmmData): void {
  p.x.dispose();
  p.xx?.dispose();
}

function columnMeans(values: Float64Array, n: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) m[j] += values[i * d + j];
  for (let j = 0; j < d; j++) m[j] /= n;
  return m;
}
