import type { GmmStats } from './gmm-stats.js';

/**
 * Below this pivot ratio (see {@link pivotRatio}) a component's float32 statistics are recomputed in float64.
 * The float32 frame statistics carry a relative error ε of order 1e-6 (at most γ_B ≈ 5e-4, `ROW_BLOCK`) of each
 * coordinate's spread in the frame, so a conditional variance that is a fraction ρ of its coordinate's variance
 * has relative error about ε/ρ; ρ ≥ 1e-2 keeps that below 1e-4. In the frame of the previous covariance ρ stays near
 * 1 except where a component collapses within one iteration (onto duplicated rows, a few points, a line), or, at
 * the first M-step (no frame yet), where columns are nearly collinear within a component.
 */
export const FLOAT32_PIVOT_RATIO = 1e-2;

/**
 * min_j p_j / G_jj over the Cholesky pivots p_j of the symmetric D×D matrix G (p_j = G_jj − Σ_{t<j} L_jt², the
 * variance of coordinate j left given the coordinates before it): 1 for a diagonal G, 0 or below when G is singular
 * or indefinite, 0 when some G_jj ≤ 0.
 */
export function pivotRatio(g: Float64Array, d: number): number {
  const l = new Float64Array(d * d);
  let ratio = 1;
  for (let j = 0; j < d; j++) {
    if (!(g[j * d + j] > 0)) return 0;
    for (let i = j; i < d; i++) {
      let s = g[i * d + j];
      for (let t = 0; t < j; t++) s -= l[i * d + t] * l[j * d + t];
      if (i === j) {
        ratio = Math.min(ratio, s / g[j * d + j]);
        if (!(s > 0)) return Math.min(ratio, 0);
        l[j * d + j] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return ratio;
}

/**
 * Components (0-based) whose frame covariance G_k = T_k / N_k − δ_k δ_kᵀ has a pivot ratio below
 * {@link FLOAT32_PIVOT_RATIO}: their float32 statistics are not accurate enough for the M-step.
 */
export function degenerateComponents(stats: GmmStats): number[] {
  const { k, d } = stats;
  const g = new Float64Array(d * d);
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const nk = stats.nk[c];
    if (!(nk > 0)) continue;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        g[a * d + b] = stats.m2[c * d * d + a * d + b] / nk - (stats.m1[c * d + a] / nk) * (stats.m1[c * d + b] / nk);
      }
    }
    if (pivotRatio(g, d) < FLOAT32_PIVOT_RATIO) out.push(c);
  }
  return out;
}

/**
 * Replace the statistics of components `which` by exact float64 ones over the same rows: from the responsibilities
 * `resp` (rows × K, as computed in float32) and the float64 rows (`values`, row `rows[r]` for row r of `resp`, or row r
 * when `rows` is null), two passes give N_k, the weighted mean x̄_k and Σ_r r_rk (x_r − x̄_k)(x_r − x̄_k)ᵀ, stored in
 * the frame (shift x̄_k, identity basis). Any non-negative weights give a positive semi-definite scatter, so the
 * float32 rounding of the responsibilities cannot make the covariance indefinite. Returns new statistics.
 */
export function refineInFloat64(stats: GmmStats, which: readonly number[], resp: Float32Array, values: Float64Array, rows: Int32Array | null): GmmStats {
  const { k, d } = stats;
  const nRows = resp.length / k;
  const shift = Float64Array.from(stats.shift);
  const nk = Float64Array.from(stats.nk);
  const m1 = Float64Array.from(stats.m1);
  const m2 = Float64Array.from(stats.m2);
  const basis = stats.basis ? Float64Array.from(stats.basis) : null;
  const mean = new Float64Array(d);
  const y = new Float64Array(d);
  for (const c of which) {
    let w = 0;
    mean.fill(0);
    for (let r = 0; r < nRows; r++) {
      const rk = resp[r * k + c];
      if (rk === 0) continue;
      const at = (rows ? rows[r] : r) * d;
      w += rk;
      for (let j = 0; j < d; j++) mean[j] += rk * values[at + j];
    }
    if (!(w > 0)) continue;
    for (let j = 0; j < d; j++) mean[j] /= w;
    const s1 = m1.subarray(c * d, (c + 1) * d);
    const s2 = m2.subarray(c * d * d, (c + 1) * d * d);
    s1.fill(0);
    s2.fill(0);
    for (let r = 0; r < nRows; r++) {
      const rk = resp[r * k + c];
      if (rk === 0) continue;
      const at = (rows ? rows[r] : r) * d;
      for (let j = 0; j < d; j++) {
        y[j] = values[at + j] - mean[j];
        s1[j] += rk * y[j];
      }
      for (let a = 0; a < d; a++) {
        const ra = rk * y[a];
        for (let b = a; b < d; b++) s2[a * d + b] += ra * y[b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) s2[b * d + a] = s2[a * d + b];
    nk[c] = w;
    shift.set(mean, c * d);
    if (basis) {
      const a = basis.subarray(c * d * d, (c + 1) * d * d);
      a.fill(0);
      for (let j = 0; j < d; j++) a[j * d + j] = 1;
    }
  }
  return { ...stats, nk, shift, basis, m1, m2 };
}
