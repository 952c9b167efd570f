import { sinPi } from './sin-pi.js';

const LOG_SQRT_2PI = 0.9189385332046727;
const LOG_PI = 1.1447298858494002;

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Taylor coefficients of lgamma(2 + z) for k = 2..20: (-1)^k (ζ(k) − 1) / k. The linear one is 1 − γ. */
const LGAMMA_AT_2 = [
  0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986, 0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425,
  -0.00022315475845357939, 9.945751278180853e-5, -4.492623673813314e-5, 2.050721277567069e-5, -9.439488275268397e-6, 4.374866789907488e-6,
  -2.039215753801366e-6, 9.55141213040742e-7, -4.492469198764566e-7, 2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8,
];
const ONE_MINUS_EULER = 0.42278433509846713;

/** lgamma(2 + z) for |z| ≤ 0.25, where a relative-accuracy series beats Lanczos near the zero at 2. */
function lgammaNear2(z: number): number {
  let s = 0;
  for (let k = LGAMMA_AT_2.length - 1; k >= 0; k--) s = s * z + LGAMMA_AT_2[k];
  return z * (ONE_MINUS_EULER + z * s);
}

function lanczos(x: number): number {
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function stirling(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
}

function lgammaPositive(x: number): number {
  if (x >= 10) return stirling(x);
  if (Math.abs(x - 2) <= 0.25) return lgammaNear2(x - 2);
  if (Math.abs(x - 1) <= 0.25) return lgammaNear2(x - 1) - Math.log1p(x - 1);
  if (x < 0.25) return lgammaNear2(x) - Math.log1p(x) - Math.log(x);
  return lanczos(x);
}

/**
 * Natural logarithm of the absolute value of the gamma function, log|Γ(x)|, in float64.
 *
 * For x ≥ 10 the Stirling series (x − ½)·log x − x + ½·log 2π + Σ B₂ₖ / (2k(2k−1)x²ᵏ⁻¹) is used;
 * for 0.25 ≤ x < 10 the Lanczos approximation (g = 7, n = 9), except within 0.25 of the zeros at 1 and 2,
 * where (as for 0 < x < 0.25, through log Γ(x) = log Γ(x + 1) − log x) the Taylor series lgamma(2 + z) = (1 − γ)z + Σₖ (−1)ᵏ (ζ(k) − 1) zᵏ / k keeps the relative error small.
 * Negative arguments use the reflection formula log|Γ(x)| = log π − log|sin πx| − log Γ(1 − x).
 * Relative error below 1e-14 for x > 0 (checked against 50-digit mpmath; scipy.special.gammaln itself is off by 1e-13 near x = 2).
 * Returns +∞ at 0 and at the negative integers (the poles), like scipy.
 *
 * @param x Real argument.
 * @example
 * ```ts
 * lgamma(5); // log(24) = 3.1780538303479458
 * ```
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x > 0) return lgammaPositive(x);
  if (Number.isInteger(x)) return Infinity;
  if (x === -Infinity) return Infinity;
  return LOG_PI - Math.log(Math.abs(sinPi(x))) - lgammaPositive(1 - x);
}

/**
 * Logarithm of the beta function, log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
 *
 * Accurate to about 1e-14 relative for moderate positive arguments; for a, b both above 1e6 the difference
 * of large logarithms loses digits (absolute error about 1e-16·(a + b)·log(a + b)).
 *
 * @example
 * ```ts
 * logBeta(2, 3); // log(1/12)
 * ```
 */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/**
 * Logarithm of the multivariate gamma function,
 * log Γₚ(a) = p(p − 1)/4 · log π + Σⱼ₌₁ᵖ log Γ(a + (1 − j)/2), defined for a > (p − 1)/2
 * (the Wishart normaliser; scipy.special.multigammaln).
 *
 * @param a Argument, greater than (p − 1)/2.
 * @param p Dimension, a positive integer.
 * @example
 * ```ts
 * lnMultivariateGamma(3, 1) === lgamma(3);
 * ```
 */
export function lnMultivariateGamma(a: number, p: number): number {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`lnMultivariateGamma: p must be a positive integer, got ${p}`);
  if (!(a > (p - 1) / 2)) throw new RangeError(`lnMultivariateGamma: a must exceed (p - 1)/2 = ${(p - 1) / 2}, got ${a}`);
  let s = ((p * (p - 1)) / 4) * LOG_PI;
  for (let j = 1; j <= p; j++) s += lgamma(a + (1 - j) / 2);
  return s;
}
