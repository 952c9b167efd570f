import type { Rng } from '@latentkit/core';

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), in float64.
 *
 * For shape a ≥ 1: d = a − 1/3, c = 1/√(9d); draw x ~ N(0, 1), v = (1 + c·x)³ (retry if v ≤ 0) and u ~ U(0, 1);
 * accept d·v if u < 1 − 0.0331·x⁴ or log u < x²/2 + d·(1 − v + log v). For a < 1, Gamma(a) = Gamma(a + 1)·U^{1/a}.
 * @param shape a > 0.
 * @example
 * ```ts
 * sampleGamma(createRng(1), 2.5);
 * ```
 * References: G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3), 2000.
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * log of a Gamma(shape, 1) draw, computed without underflow for small shapes:
 * log G(a) = log G(a + 1) + log(U)/a when a < 1 (G(a) itself underflows to 0 for a ≲ 0.01).
 * @example
 * ```ts
 * sampleLogGamma(createRng(1), 0.01);
 * ```
 */
export function sampleLogGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape >= 1) return Math.log(sampleGamma(rng, shape));
  return Math.log(sampleGamma(rng, shape + 1)) + Math.log(1 - rng.uniform()) / shape;
}

/**
 * A Dirichlet(α) draw: normalised Gamma(α_k) draws, combined in log space so that tiny α (sparse draws) stay exact.
 * @param alpha Concentrations α_k > 0.
 * @example
 * ```ts
 * sampleDirichlet(createRng(1), [5, 5, 5]); // three weights summing to 1
 * ```
 */
export function sampleDirichlet(rng: Rng, alpha: readonly number[]): Float64Array {
  const k = alpha.length;
  const out = new Float64Array(k);
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    out[j] = sampleLogGamma(rng, alpha[j]);
    if (out[j] > max) max = out[j];
  }
  let sum = 0;
  for (let j = 0; j < k; j++) {
    out[j] = Math.exp(out[j] - max);
    sum += out[j];
  }
  for (let j = 0; j < k; j++) out[j] /= sum;
  return out;
}
