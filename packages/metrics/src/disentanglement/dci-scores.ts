/**
 * 1 − H_base(p) for the non-negative weights `w` (+1e-11 each, then normalised), H the entropy in base `base`;
 * scipy's `1 - entropy(w + 1e-11, base=base)`. With base 1 (a single outcome) the score is 1.
 */
function oneMinusEntropy(w: ArrayLike<number>, base: number): number {
  if (base === 1) return 1;
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i] + 1e-11;
  let h = 0;
  for (let i = 0; i < w.length; i++) {
    const p = (w[i] + 1e-11) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return 1 - h / Math.log(base);
}

/**
 * DCI disentanglement and completeness of an importance matrix R (row-major D codes × K factors), as
 * disentanglement_lib `dci.py`: D = Σ_i ρ_i·(1 − H_K(R_i· + 1e-11)), ρ_i = Σ_j R_ij / Σ R, and
 * C = Σ_j ρ_j·(1 − H_D(R_·j + 1e-11)), ρ_j = Σ_i R_ij / Σ R, with entropies of the normalised rows/columns in
 * base K and D; when R is all zeros the weights ρ come from a matrix of ones.
 */
export function dciScores(
  r: Float64Array,
  nCodes: number,
  nFactors: number,
): {
  /** D = Σ_i ρ_i·(1 − H_K(P_i·)), in [0, 1]: how much each code captures at most one factor. */
  disentanglement: number;
  /** C = Σ_j ρ_j·(1 − H_D(P̃_·j)), in [0, 1]: how much each factor is captured by a single code. */
  completeness: number;
} {
  const total = r.reduce((a, b) => a + b, 0);
  const weights = total === 0 ? new Float64Array(r.length).fill(1) : r;
  const wTotal = total === 0 ? r.length : total;
  let d = 0;
  for (let i = 0; i < nCodes; i++) {
    const row = r.subarray(i * nFactors, (i + 1) * nFactors);
    const rho = weights.subarray(i * nFactors, (i + 1) * nFactors).reduce((a, b) => a + b, 0) / wTotal;
    d += rho * oneMinusEntropy(row, nFactors);
  }
  let c = 0;
  for (let j = 0; j < nFactors; j++) {
    const col = Float64Array.from({ length: nCodes }, (_, i) => r[i * nFactors + j]);
    let rho = 0;
    for (let i = 0; i < nCodes; i++) rho += weights[i * nFactors + j];
    c += (rho / wTotal) * oneMinusEntropy(col, nCodes);
  }
  return { disentanglement: d, completeness: c };
}
