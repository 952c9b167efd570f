import type { GmmStats } from './gmm-stats.js';

/**
 * Below this pivot ratio (see {@link pivotRatio}) a component's float32 statistics are recomputed in float64.
 * The float32 frame statistics carry a relative error ε of order 1e-6 (at most γ_B ≈ 6e-5, `ROW_BLOCK`) of each
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
  const refine = new Float64Refine(stats, which);
  refine.addMeans(resp, values, rows);
  refine.addScatter(resp, values, rows);
  return refine.result();
}

/**
 * {@link refineInFloat64} in blocks of rows, for rows that are not all in memory (a streamed fit): every block is
 * given to `addMeans` in a first pass, then to `addScatter` in a second, in the same order. Each component's sums
 * run over the rows in the same order as {@link refineInFloat64}'s, so the result is the same to the bit.
 */
export class Float64Refine {
  private readonly stats: GmmStats;
  private readonly which: readonly number[];
  private readonly w: Float64Array;
  private readonly mean: Float64Array;
  private readonly m1: Float64Array;
  private readonly m2: Float64Array;
  private readonly y: Float64Array;

  constructor(stats: GmmStats, which: readonly number[]) {
    const { k, d } = stats;
    this.stats = stats;
    this.which = which;
    this.w = new Float64Array(k);
    this.mean = new Float64Array(k * d);
    this.m1 = Float64Array.from(stats.m1);
    this.m2 = Float64Array.from(stats.m2);
    this.y = new Float64Array(d);
    for (const c of which) {
      this.m1.fill(0, c * d, (c + 1) * d);
      this.m2.fill(0, c * d * d, (c + 1) * d * d);
    }
  }

  /** First pass: Σ_r r_rk and Σ_r r_rk x_r over a block (`resp` rows × K; row r of the block at `values` row `rows[r]` or r). */
  addMeans(resp: Float32Array, values: Float64Array, rows: Int32Array | null): void {
    const { k, d } = this.stats;
    const nRows = resp.length / k;
    for (const c of this.which) {
      const mean = this.mean.subarray(c * d, (c + 1) * d);
      let w = this.w[c];
      for (let r = 0; r < nRows; r++) {
        const rk = resp[r * k + c];
        if (rk === 0) continue;
        const at = (rows ? rows[r] : r) * d;
        w += rk;
        for (let j = 0; j < d; j++) mean[j] += rk * values[at + j];
      }
      this.w[c] = w;
    }
  }

  /** Second pass: the moments about the weighted means, over a block. */
  addScatter(resp: Float32Array, values: Float64Array, rows: Int32Array | null): void {
    const { k, d } = this.stats;
    const nRows = resp.length / k;
    const y = this.y;
    for (const c of this.which) {
      if (!(this.w[c] > 0)) continue;
      const mean = this.meanOf(c);
      const s1 = this.m1.subarray(c * d, (c + 1) * d);
      const s2 = this.m2.subarray(c * d * d, (c + 1) * d * d);
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
    }
  }

  /** The statistics with the components refined (call after both passes). */
  result(): GmmStats {
    const { d } = this.stats;
    const shift = Float64Array.from(this.stats.shift);
    const nk = Float64Array.from(this.stats.nk);
    const basis = this.stats.basis ? Float64Array.from(this.stats.basis) : null;
    const m1 = Float64Array.from(this.stats.m1);
    const m2 = Float64Array.from(this.stats.m2);
    for (const c of this.which) {
      if (!(this.w[c] > 0)) continue;
      const s2 = this.m2.subarray(c * d * d, (c + 1) * d * d);
      for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) s2[b * d + a] = s2[a * d + b];
      m1.set(this.m1.subarray(c * d, (c + 1) * d), c * d);
      m2.set(s2, c * d * d);
      nk[c] = this.w[c];
      shift.set(this.meanOf(c), c * d);
      if (basis) {
        const a = basis.subarray(c * d * d, (c + 1) * d * d);
        a.fill(0);
        for (let j = 0; j < d; j++) a[j * d + j] = 1;
      }
    }
    return { ...this.stats, nk, shift, basis, m1, m2 };
  }

  /** x̄_k = (Σ r x) / (Σ r), computed once after the first pass (as refineInFloat64 divides in place). */
  private meanOf(c: number): Float64Array {
    const { d } = this.stats;
    const mean = this.mean.subarray(c * d, (c + 1) * d);
    if (!this.divided.has(c)) {
      for (let j = 0; j < d; j++) mean[j] /= this.w[c];
      this.divided.add(c);
    }
    return mean;
  }

  private readonly divided = new Set<number>();
}
