import { matrix, quartimax, thinSvd, varimax } from '@latentkit/core';

/** Orthogonal rotation applied to the loadings after fitting (scikit-learn's `rotation`; 'none' = None). */
export type FactorRotation = 'none' | 'varimax' | 'quartimax';

/** The rotation options, for the parameter specs. */
export const FACTOR_ROTATIONS: readonly FactorRotation[] = ['none', 'varimax', 'quartimax'];

/**
 * The canonical orientation of loadings W (D×K) under noise ψ: with the thin SVD Ψ^{-1/2} W = U S Vᵀ,
 * W' = Ψ^{1/2} U S = W V. The columns of Ψ^{-1/2} W' are orthogonal and ordered by decreasing norm, which is the
 * form of the maximum-likelihood solutions (FA: W = Ψ^{1/2} U (Λ − I)^{1/2}; PPCA: W = U (Λ − σ²I)^{1/2}); the
 * model (W Wᵀ) is unchanged. Each column is then signed so that its entry of largest magnitude is positive.
 */
export function canonicalLoadings(w: Float64Array, noise: Float64Array, d: number, k: number): Float64Array {
  const scale = Float64Array.from(noise, Math.sqrt);
  const scaled = new Float64Array(d * k);
  for (let j = 0; j < d; j++) for (let a = 0; a < k; a++) scaled[j * k + a] = w[j * k + a] / scale[j];
  const { u, s } = thinSvd(matrix(d, k, scaled));
  const out = new Float64Array(d * k);
  for (let j = 0; j < d; j++) for (let a = 0; a < k; a++) out[j * k + a] = scale[j] * u.data[j * k + a] * s[a];
  signColumns(out, d, k);
  return out;
}

/**
 * Apply an orthogonal rotation to canonical loadings: varimax and quartimax are core's scikit-learn-compatible
 * orthomax rotations (tol 1e-6, at most 100 iterations, as `FactorAnalysis(rotation=…)`). Returns the rotated loadings
 * W·R (columns signed as in {@link canonicalLoadings}) and R (K×K, the identity for 'none').
 */
export function rotateLoadings(w: Float64Array, d: number, k: number, rotation: FactorRotation): { loadings: Float64Array; rotation: Float64Array } {
  if (rotation === 'none' || k === 1) {
    const r = new Float64Array(k * k);
    for (let a = 0; a < k; a++) r[a * k + a] = 1;
    return { loadings: Float64Array.from(w), rotation: r };
  }
  const res = (rotation === 'varimax' ? varimax : quartimax)(matrix(d, k, w));
  const loadings = Float64Array.from(res.rotated.data);
  const r = Float64Array.from(res.rotation.data);
  const flips = signColumns(loadings, d, k);
  for (let a = 0; a < k; a++) if (flips[a]) for (let b = 0; b < k; b++) r[b * k + a] = -r[b * k + a];
  return { loadings, rotation: r };
}

/** Flip columns in place so that each column's entry of largest magnitude is positive; returns which were flipped. */
function signColumns(w: Float64Array, d: number, k: number): boolean[] {
  const flips: boolean[] = [];
  for (let a = 0; a < k; a++) {
    let best = 0;
    for (let j = 0; j < d; j++) if (Math.abs(w[j * k + a]) > Math.abs(best)) best = w[j * k + a];
    flips.push(best < 0);
    if (best < 0) for (let j = 0; j < d; j++) w[j * k + a] = -w[j * k + a];
  }
  return flips;
}
