/**
 * log(1 + eˣ), stable for large |x| (the softplus function).
 *
 * Uses max(x, 0) + log1p(e^(−|x|)), so it neither overflows for large x nor loses the tail eˣ for very negative x.
 *
 * @example
 * ```ts
 * log1pexp(800);  // 800
 * log1pexp(-800); // 0 (underflows only below about −745)
 * ```
 */
export function log1pexp(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** The softplus function log(1 + eˣ); an alias of {@link log1pexp}. */
export const softplus: (x: number) => number = log1pexp;

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e^(−x)), stable for large |x|.
 *
 * For x < 0 it evaluates eˣ / (1 + eˣ), so that small probabilities keep full relative precision.
 *
 * @example
 * ```ts
 * sigmoid(0);    // 0.5
 * sigmoid(-800); // 0 without NaN
 * ```
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The logit (log-odds) function logit(p) = log(p / (1 − p)), the inverse of {@link sigmoid}.
 *
 * Computed as log p − log1p(−p) so that p close to 0 or 1 keeps precision. Returns ±∞ at 1 and 0, NaN outside [0, 1].
 *
 * @example
 * ```ts
 * logit(0.5); // 0
 * ```
 */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/**
 * log(1 − e^(−a)) for a ≥ 0, computed stably (Mächler 2012).
 *
 * Uses log(−expm1(−a)) for a ≤ log 2 and log1p(−e^(−a)) beyond, the split that keeps full relative precision.
 * Note the sign convention: the argument is a = −x for log(1 − eˣ) with x ≤ 0. Returns −∞ at 0 and NaN for a < 0.
 *
 * References: M. Mächler, "Accurately computing log(1 − exp(−|a|))", Rmpfr vignette, 2012.
 *
 * @example
 * ```ts
 * log1mexp(Math.LN2); // log(1/2)
 * ```
 */
export function log1mexp(a: number): number {
  if (a < 0) return NaN;
  return a <= Math.LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
}
