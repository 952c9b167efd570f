/** Which spike-and-slab E-step to use: the paper's (with the Laplace normalisers λ/2) or the reference code's (without). */
export type SslNormalizer = 'paper' | 'reference-code';

/** Settings of the spike-and-slab lasso prior on the decoder mask W. */
export interface SslSettings {
  /** λ0, rate of the spike Laplace ψ0 (large). */
  readonly spikePenalty: number;
  /** λ1, rate of the slab Laplace ψ1 (small). */
  readonly slabPenalty: number;
  /** a of the Beta(a, b) prior on the inclusion rates η_k. */
  readonly a: number;
  /** b of the Beta(a, b) prior. */
  readonly b: number;
  /** Which E-step: `paper` (with the Laplace normalisers λ/2) or `reference-code` (without). */
  readonly normalizer: SslNormalizer;
}

const ETA_MIN = 1e-10;

/**
 * E-step of the spike-and-slab lasso (Moran et al. 2022, Algorithm 1): for every entry of W (G × K, row-major)
 * p*_jk = E[γ_jk | w_jk, η_k] = η_k ψ1(w_jk) / (η_k ψ1(w_jk) + (1 − η_k) ψ0(w_jk)),
 * with ψ_ℓ(w) = (λ_ℓ/2)·e^(−λ_ℓ|w|) (`paper`) or ψ_ℓ(w) = e^(−λ_ℓ|w|) (`reference-code`, gemoran/sparse-vae-code).
 * Evaluated as a logistic function of the log odds, in float64.
 * @example
 * ```ts
 * sslEStep(Float64Array.of(0.5), Float64Array.of(0.2), 1, 1, settings); // p* of one weight
 * ```
 */
export function sslEStep(w: Float64Array | Float32Array, eta: Float64Array, g: number, k: number, s: SslSettings): Float64Array {
  const norm = s.normalizer === 'paper' ? Math.log(s.slabPenalty / 2) - Math.log(s.spikePenalty / 2) : 0;
  const out = new Float64Array(g * k);
  for (let c = 0; c < k; c++) {
    const prior = Math.log(eta[c]) - Math.log1p(-eta[c]) + norm;
    for (let j = 0; j < g; j++) {
      const a = Math.abs(w[j * k + c]);
      const logOdds = prior + (s.spikePenalty - s.slabPenalty) * a;
      out[j * k + c] = 1 / (1 + Math.exp(-logOdds));
    }
  }
  return out;
}

/**
 * M-step for the inclusion rates: η_k = (Σ_j p*_jk + a − 1) / (a + b + G − 2), the mode of the Beta posterior,
 * kept in [1e−10, 1 − 1e−10] (the reference code sets negative values to 1e−10).
 */
export function sslMStep(pStar: Float64Array, g: number, k: number, s: Pick<SslSettings, 'a' | 'b'>): Float64Array {
  const eta = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let j = 0; j < g; j++) sum += pStar[j * k + c];
    eta[c] = Math.min(1 - ETA_MIN, Math.max(ETA_MIN, (sum + s.a - 1) / (s.a + s.b + g - 2)));
  }
  return eta;
}

/** Penalty weight of each |w_jk| in −E[log p(W | Γ)]: λ1·p*_jk + λ0·(1 − p*_jk). */
export function sslPenaltyWeights(pStar: Float64Array, s: Pick<SslSettings, 'spikePenalty' | 'slabPenalty'>): Float32Array {
  return Float32Array.from(pStar, (p) => s.slabPenalty * p + s.spikePenalty * (1 - p));
}

/** χ²₃ quantile at 0.1, the q of the noise prior's scale. */
export const CHI2_3_Q10 = 0.5843743741551835;

/**
 * Scale ξ of the inverse-gamma prior σ_j² ~ IG(ν/2, νξ/2) as the reference code sets it: ξ = s²·q/3 with s the 5%
 * quantile (linear interpolation, as numpy) of the column standard deviations (1e−3 if it is 0) and q the χ²₃
 * quantile at 0.1.
 */
export function noisePriorScale(columnSd: Float64Array): number {
  const sorted = Float64Array.from(columnSd).sort();
  const pos = 0.05 * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  let s = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  if (!(s > 0)) s = 1e-3;
  return (s * s * CHI2_3_Q10) / 3;
}
