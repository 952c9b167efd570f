import { matrix, symmetricEigen } from '@latentkit/core';

/** A plane to draw D-dimensional rows in: two orthonormal axes through `mean`, and their names. */
export interface Plane {
  readonly axes: readonly Float64Array[];
  readonly mean: Float64Array;
  readonly names: readonly string[];
}

/** One drawn row: its index in the data and its coordinates in the plane. */
export interface PlanePoint {
  readonly row: number;
  readonly x: number;
  readonly y: number;
}

/**
 * The plane of the first two columns when D ≤ 2 (D = 1 is padded with a zero axis), else of the first two principal
 * axes of the complete rows (eigenvectors of their covariance Σ_i (x_i − x̄)(x_i − x̄)ᵀ / N, largest eigenvalue first).
 */
export function planeOf(values: Float64Array, n: number, d: number, cols: readonly string[]): Plane {
  const complete: number[] = [];
  for (let i = 0; i < n; i++) if (!values.subarray(i * d, i * d + d).some((v) => v !== v)) complete.push(i);
  const m = Math.max(1, complete.length);
  const mean = new Float64Array(d);
  for (const i of complete) for (let j = 0; j < d; j++) mean[j] += values[i * d + j] / m;
  if (d <= 2) {
    const e0 = new Float64Array(d);
    e0[0] = 1;
    const e1 = new Float64Array(d);
    if (d === 2) e1[1] = 1;
    return { axes: [e0, e1], mean: new Float64Array(d), names: [cols[0], cols[1] ?? '(none)'] };
  }
  const cov = new Float64Array(d * d);
  for (const i of complete) {
    for (let a = 0; a < d; a++) {
      const va = values[i * d + a] - mean[a];
      for (let b = 0; b < d; b++) cov[a * d + b] += (va * (values[i * d + b] - mean[b])) / m;
    }
  }
  const eig = symmetricEigen(matrix(d, d, cov));
  const axis = (j: number) => Float64Array.from({ length: d }, (_, r) => eig.vectors.data[r * d + j]);
  return { axes: [axis(0), axis(1)], mean, names: ['principal axis 1', 'principal axis 2'] };
}

/** Coordinates of `x` in `plane`: ((x − mean)·a₁, (x − mean)·a₂). */
export function projectOn(plane: Plane, x: ArrayLike<number>): [number, number] {
  const { axes, mean } = plane;
  let px = 0;
  let py = 0;
  for (let j = 0; j < mean.length; j++) {
    px += (x[j] - mean[j]) * axes[0][j];
    py += (x[j] - mean[j]) * axes[1][j];
  }
  return [px, py];
}

/** The complete rows of an N×D matrix in `plane`, every ⌈N / maxPoints⌉-th row so that at most `maxPoints` are drawn. */
export function planePoints(plane: Plane, values: Float64Array, n: number, maxPoints: number): PlanePoint[] {
  const d = plane.mean.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const points: PlanePoint[] = [];
  for (let i = 0; i < n; i += step) {
    const row = values.subarray(i * d, i * d + d);
    if (row.some((v) => v !== v)) continue;
    const [x, y] = projectOn(plane, row);
    points.push({ row: i, x, y });
  }
  return points;
}
