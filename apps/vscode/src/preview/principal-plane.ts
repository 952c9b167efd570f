/** Two principal axes of a row-major `n × d` matrix and the rows projected onto them. */
export interface PrincipalPlane {
  /** `n × 2`, row-major: the centred (and, if asked, standardised) rows projected on the two axes. */
  readonly coords: Float64Array;
  /** The two unit axes, each of length `d`. */
  readonly axes: readonly [Float64Array, Float64Array];
  /** Variance along each axis divided by the total variance. */
  readonly explained: readonly [number, number];
}

/**
 * Project rows onto their first two principal axes, by orthogonal (subspace) iteration on the centred matrix X:
 * V ← orth(Xᵀ X V) until the plane stops moving (each new axis lies in the old plane up to 1e-13 in squared norm)
 * or 500 sweeps, then rotated within the plane onto the eigenvectors of its 2 × 2 covariance. Each sweep
 * costs O(n d), so it also suits image data with hundreds of columns. With `standardise`, each column is divided by
 * its standard deviation first (correlation PCA). Signs are fixed so that the largest-magnitude entry of each axis
 * is positive, which makes the result deterministic. For `d = 1` the second coordinate is 0.
 * @example
 * ```ts
 * principalPlane(Float64Array.from([0, 0, 1, 1, 2, 2]), 3, 2).explained; // [1, 0]
 * ```
 */
export function principalPlane(values: Float64Array, n: number, d: number, options: { standardise?: boolean } = {}): PrincipalPlane {
  const x = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j] / n;
  const scale = new Float64Array(d).fill(1);
  if (options.standardise) {
    const sq = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (values[i * d + j] - mean[j]) ** 2;
    for (let j = 0; j < d; j++) scale[j] = sq[j] > 0 ? Math.sqrt(sq[j] / n) : 1;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = (values[i * d + j] - mean[j]) / scale[j];
      x[i * d + j] = v;
      total += v * v;
    }
  }
  const k = Math.min(2, d);
  let v: Float64Array[] = Array.from({ length: k }, (_, c) => Float64Array.from({ length: d }, (_, j) => (j === c ? 1 : 0) + 1e-3 * Math.sin(1 + j * (c + 2))));
  v = orthonormalise(v);
  const xv = new Float64Array(n * k);
  for (let sweep = 0; sweep < 500; sweep++) {
    multiplyXV(x, n, d, v, xv);
    const next = Array.from({ length: k }, () => new Float64Array(d));
    for (let i = 0; i < n; i++)
      for (let c = 0; c < k; c++) {
        const s = xv[i * k + c];
        if (s === 0) continue;
        const row = i * d;
        const out = next[c];
        for (let j = 0; j < d; j++) out[j] += x[row + j] * s;
      }
    const ortho = orthonormalise(next);
    const moved = ortho.some((a) => 1 - v.reduce((s, w) => s + dot(a, w) ** 2, 0) > 1e-13);
    v = ortho;
    if (!moved) break;
  }
  // Order the axes by variance (orthogonal iteration converges to the top-2 subspace; within it, rotate to the eigenbasis).
  v = rotateToEigenbasis(x, n, d, v);
  for (const a of v) {
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(a[j]) > Math.abs(a[big])) big = j;
    if (a[big] < 0) for (let j = 0; j < d; j++) a[j] = -a[j];
  }
  multiplyXV(x, n, d, v, xv);
  const coords = new Float64Array(n * 2);
  const varAlong = [0, 0];
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) {
      coords[i * 2 + c] = xv[i * k + c];
      varAlong[c] += xv[i * k + c] ** 2;
    }
  const axes: [Float64Array, Float64Array] = [v[0], v[1] ?? new Float64Array(d)];
  return { coords, axes, explained: [total > 0 ? varAlong[0] / total : 0, total > 0 ? varAlong[1] / total : 0] };
}

function multiplyXV(x: Float64Array, n: number, d: number, v: Float64Array[], out: Float64Array): void {
  const k = v.length;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const a = v[c];
      let s = 0;
      for (let j = 0; j < d; j++) s += x[row + j] * a[j];
      out[i * k + c] = s;
    }
  }
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
};

function orthonormalise(vs: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const v of vs) {
    const u = Float64Array.from(v);
    for (const w of out) {
      const p = dot(u, w);
      for (let j = 0; j < u.length; j++) u[j] -= p * w[j];
    }
    let norm = Math.sqrt(dot(u, u));
    if (norm < 1e-300) {
      u.fill(0);
      u[out.length % u.length] = 1;
      for (const w of out) {
        const p = dot(u, w);
        for (let j = 0; j < u.length; j++) u[j] -= p * w[j];
      }
      norm = Math.sqrt(dot(u, u)) || 1;
    }
    for (let j = 0; j < u.length; j++) u[j] /= norm;
    out.push(u);
  }
  return out;
}

/** Rotate an orthonormal pair spanning the top subspace onto the eigenvectors of the 2×2 projected covariance. */
function rotateToEigenbasis(x: Float64Array, n: number, d: number, v: Float64Array[]): Float64Array[] {
  if (v.length < 2) return v;
  const xv = new Float64Array(n * 2);
  multiplyXV(x, n, d, v, xv);
  let a = 0;
  let b = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    a += xv[i * 2] ** 2;
    b += xv[i * 2 + 1] ** 2;
    e += xv[i * 2] * xv[i * 2 + 1];
  }
  const theta = 0.5 * Math.atan2(2 * e, a - b);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const u0 = new Float64Array(d);
  const u1 = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    u0[j] = c * v[0][j] + s * v[1][j];
    u1[j] = -s * v[0][j] + c * v[1][j];
  }
  return [u0, u1];
}
