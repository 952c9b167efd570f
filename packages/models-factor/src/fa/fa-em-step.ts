import { cholesky, choleskySolve, matrix } from '@latentkit/core';
import type { PosteriorFactors, ScatterTerms } from '../shared/linear-gaussian.js';

/** Expected sufficient statistics of the FA E-step, averaged over rows. */
export interface FaEmStats {
  /** (1/N) Σ_i (x_i − μ) E[z_i]ᵀ = S Bᵀ (D×K). */
  readonly sxz: Float64Array;
  /** (1/N) Σ_i E[z_i z_iᵀ] = G + B S Bᵀ (K×K). */
  readonly szz: Float64Array;
}

/**
 * E-step of factor analysis (Rubin & Thayer 1982): with G = (I + WᵀΨ⁻¹W)⁻¹ and B = G WᵀΨ⁻¹,
 * E[z_i] = B (x_i − μ) and E[z_i z_iᵀ] = G + E[z_i] E[z_i]ᵀ, so the averaged statistics are S Bᵀ = T G and
 * G + B S Bᵀ = G + G Q G, from the products T = SΨ⁻¹W and Q = WᵀΨ⁻¹SΨ⁻¹W of {@link scatterTerms}.
 */
export function faEmStats(f: PosteriorFactors, terms: ScatterTerms, d: number, k: number): FaEmStats {
  const g = f.cov;
  const sxz = new Float64Array(d * k);
  for (let j = 0; j < d; j++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += terms.t[j * k + b] * g[b * k + a];
      sxz[j * k + a] = s;
    }
  }
  const qg = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) qg[a * k + b] += terms.q[a * k + c] * g[c * k + b];
  const szz = Float64Array.from(g);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) szz[a * k + b] += g[a * k + c] * qg[c * k + b];
  return { sxz, szz };
}

/**
 * M-step of factor analysis: W = (S Bᵀ)(G + B S Bᵀ)⁻¹ and ψ_j = max(S_jj − (W B S)_jj, floor),
 * where (W B S)_jj = Σ_k W_jk (S Bᵀ)_jk.
 */
export function faEmUpdate(stats: FaEmStats, variance: Float64Array, d: number, k: number, floor: number): { loadings: Float64Array; noise: Float64Array } {
  const l = cholesky(matrix(k, k, stats.szz), { name: 'E[z zᵀ]' });
  const sxzT = new Float64Array(k * d);
  for (let j = 0; j < d; j++) for (let a = 0; a < k; a++) sxzT[a * d + j] = stats.sxz[j * k + a];
  const wT = choleskySolve(l, matrix(k, d, sxzT)).data;
  const loadings = new Float64Array(d * k);
  const noise = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let h = 0;
    for (let a = 0; a < k; a++) {
      const v = wT[a * d + j];
      loadings[j * k + a] = v;
      h += v * stats.sxz[j * k + a];
    }
    noise[j] = Math.max(variance[j] - h, floor);
  }
  return { loadings, noise };
}
