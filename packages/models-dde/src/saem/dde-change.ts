import type { DdeState } from '../dde-state.js';

/** Σ (a − b)² over two coefficient tables of the same shape, and their entry count. */
function squaredDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): [number, number] {
  let s = 0;
  let n = 0;
  a.forEach((row, c) =>
    row.forEach((v, k) => {
      s += (v - b[c][k]) ** 2;
      n++;
    }),
  );
  return [s, n];
}

/** Σ of squared changes and the number of parameters over (p, every layer's coefficients, γ of Normal columns). */
function sumOfSquares(previous: DdeState, next: DdeState, nextCoefficients: readonly (readonly (readonly number[])[])[]): [number, number] {
  let s = 0;
  let n = 0;
  next.topProbabilities.forEach((p, l) => {
    s += (p - previous.topProbabilities[l]) ** 2;
    n++;
  });
  nextCoefficients.forEach((coefficients, d) => {
    const [ds, dn] = squaredDiff(coefficients, previous.layers[d].coefficients);
    s += ds;
    n += dn;
  });
  next.variances?.forEach((g, j) => {
    const before = previous.variances?.[j];
    if (g !== null && before !== null && before !== undefined) {
      s += (g - before) ** 2;
      n++;
    }
  });
  return [s, n];
}

/**
 * The Gibbs sampler's stopping distance: the root-mean-square change per parameter between consecutive iterations,
 * sqrt(‖Δθ‖² / #θ) over θ = (p, every layer's coefficients with intercepts, γ of Normal columns), thresholded
 * values on both sides. Compared with `GIBBS_TOL`.
 */
export function rmsChange(previous: DdeState, next: DdeState): number {
  const [s, n] = sumOfSquares(
    previous,
    next,
    next.layers.map((l) => l.coefficients),
  );
  return Math.sqrt(s / Math.max(n, 1));
}

/**
 * The reference code's stopping distance divided by K_D: ‖Δθ‖_F / K_D over the same θ, where (as in the
 * reference, ALGORITHMS.md §2.9 item 3) the coefficient change is taken between the new *unthresholded* update
 * (`nextCoefficients`, when known) and the previous thresholded value. Compared with `REFERENCE_TOL` = 0.5, i.e.
 * the reference's ‖Δθ‖_F ≤ K_D/2.
 */
export function referenceChange(previous: DdeState, next: DdeState, nextCoefficients?: readonly (readonly (readonly number[])[])[]): number {
  const [s] = sumOfSquares(previous, next, nextCoefficients ?? next.layers.map((l) => l.coefficients));
  return Math.sqrt(s) / next.topProbabilities.length;
}
