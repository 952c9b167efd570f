import type { Rng } from '../random/rng.js';
import { lgamma } from '../special/lgamma.js';
import { logSumExp } from '../special/log-sum-exp.js';

/**
 * Logarithm of a Gamma(α, 1) draw, in float64 (Marsaglia & Tsang 2000).
 *
 * For α ≥ 1: d = α − ⅓, c = 1/√(9d); draw x ~ N(0, 1), v = (1 + cx)³ and accept dv when
 * log u < x²/2 + d − dv + d·log v (with the cheap squeeze u < 1 − 0.0331x⁴ first).
 * For α < 1 it boosts: log G(α) = log G(α + 1) + (log u)/α, which stays finite when G(α) itself underflows
 * (α ≲ 0.01), so Dirichlet and Beta draws with small concentrations can be normalised in log space.
 *
 * References: G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3), 2000.
 *
 * @param rng Generator to draw from (advanced).
 * @param alpha Shape α > 0.
 * @example
 * ```ts
 * const g = Math.exp(logGammaVariate(createRng(1), 2.5)); // one Gamma(2.5, 1) draw
 * ```
 */
export function logGammaVariate(rng: Rng, alpha: number): number {
  if (!(alpha > 0)) return NaN;
  if (alpha < 1) return logGammaVariate(rng, alpha + 1) + Math.log(1 - rng.uniform()) / alpha;
  if (alpha === Infinity) return Infinity;
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return Math.log(d) + Math.log(v);
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d) + Math.log(v);
  }
}

/**
 * One Gamma(α, 1) draw in float64 (Marsaglia & Tsang 2000); divide by a rate β for Gamma(α, β).
 *
 * @param rng Generator to draw from (advanced).
 * @param alpha Shape α > 0.
 * @example
 * ```ts
 * const g = gammaVariate(createRng(1), 0.5) / rate;
 * ```
 */
export function gammaVariate(rng: Rng, alpha: number): number {
  return Math.exp(logGammaVariate(rng, alpha));
}

/**
 * One Poisson(λ) draw, as a float64 integer.
 *
 * For λ < 10, sequential inversion of the CDF; for λ ≥ 10, Hörmann's transformed rejection with squeeze (PTRS),
 * the algorithm numpy uses, whose cost does not grow with λ.
 *
 * References: W. Hörmann, "The transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12, 1993.
 *
 * @param rng Generator to draw from (advanced).
 * @param rate λ ≥ 0.
 * @example
 * ```ts
 * poissonVariate(createRng(7), 3.2); // e.g. 4
 * ```
 */
export function poissonVariate(rng: Rng, rate: number): number {
  if (!(rate >= 0) || rate === Infinity) return NaN;
  if (rate === 0) return 0;
  if (rate < 10) {
    const u = rng.uniform();
    let k = 0;
    let p = Math.exp(-rate);
    let cdf = p;
    while (u > cdf && p > 0) {
      k += 1;
      p *= rate / k;
      cdf += p;
    }
    return k;
  }
  const slam = Math.sqrt(rate);
  const logRate = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * logRate - lgamma(k + 1)) return k;
  }
}

/**
 * One negative binomial draw (torch's parameterisation: r = `totalCount` failures, success logit ℓ, mean r·e^ℓ),
 * as a float64 integer, through its Gamma–Poisson form k ~ Poisson(λ), λ = G·e^ℓ with G ~ Gamma(r, 1)
 * (λ is formed in log space, log G + ℓ). r = 0 gives 0.
 *
 * @param rng Generator to draw from (advanced).
 * @param totalCount r ≥ 0.
 * @param logit ℓ = log(p/(1 − p)).
 * @example
 * ```ts
 * negativeBinomialVariate(createRng(3), 5, Math.log(0.3 / 0.7));
 * ```
 */
export function negativeBinomialVariate(rng: Rng, totalCount: number, logit: number): number {
  return totalCount > 0 ? poissonVariate(rng, Math.exp(logGammaVariate(rng, totalCount) + logit)) : 0;
}

/**
 * One Dirichlet(α) draw in float64: independent log Gamma(αₖ, 1) draws normalised in log space,
 * wₖ = exp(log Gₖ − log Σⱼ Gⱼ), so that tiny concentrations (sparse draws, where Gₖ underflows) stay exact.
 *
 * @param rng Generator to draw from (advanced).
 * @param alpha Concentrations αₖ > 0.
 * @param out Optional output of length K (filled and returned).
 * @example
 * ```ts
 * dirichletVariate(createRng(1), [5, 5, 5]); // three weights summing to 1
 * ```
 */
export function dirichletVariate<T extends Float64Array | Float32Array = Float64Array>(rng: Rng, alpha: ArrayLike<number>, out?: T): T {
  const w = out ?? (new Float64Array(alpha.length) as T);
  const logG = new Float64Array(alpha.length);
  for (let k = 0; k < alpha.length; k++) logG[k] = logGammaVariate(rng, alpha[k]);
  const norm = logSumExp(logG);
  for (let k = 0; k < alpha.length; k++) w[k] = Math.exp(logG[k] - norm);
  return w;
}

/**
 * Running sums of probabilities p (summing to 1, or to any positive total), the table {@link categoricalVariate}
 * draws from; build it once when drawing many times from the same probabilities.
 *
 * @example
 * ```ts
 * const cdf = cumulativeProbabilities([0.2, 0.5, 0.3]); // [0.2, 0.7, 1]
 * ```
 */
export function cumulativeProbabilities(p: ArrayLike<number>): Float64Array {
  const c = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) c[i] = s += p[i];
  return c;
}

/**
 * One categorical draw: the index i with probability cdf[i] − cdf[i − 1], by inversion (binary search for the
 * first running sum above u·total, u uniform on [0, 1)); an index of probability 0 is never returned.
 *
 * @param rng Generator to draw from (advanced).
 * @param cdf Running sums from {@link cumulativeProbabilities}.
 * @example
 * ```ts
 * const k = categoricalVariate(rng, cumulativeProbabilities(weights));
 * ```
 */
export function categoricalVariate(rng: Rng, cdf: ArrayLike<number>): number {
  const u = rng.uniform() * cdf[cdf.length - 1];
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
