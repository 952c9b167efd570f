import { createRng, type DenseDataset } from '@latentkit/core';

/**
 * Seeded data from a factor analysis model, for tests: x_i = μ + W z_i + ε_i with W_jk ~ N(0, 1), μ_j = j,
 * ψ_j = 0.2 + 0.1·(j mod 3), z_i ~ N(0, I_K). Columns `x1..xD`; the true z are in `factors`.
 */
export function toyFactorData(opts: { nRows?: number; nCols?: number; nFactors?: number; seed?: number } = {}): DenseDataset {
  const { nRows = 80, nCols = 5, nFactors = 2, seed = 0 } = opts;
  const rng = createRng(seed);
  const w = rng.fillNormal(new Float64Array(nCols * nFactors));
  const z = rng.fillNormal(new Float64Array(nRows * nFactors));
  const values = new Float64Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      let s = j + Math.sqrt(0.2 + 0.1 * (j % 3)) * rng.normal();
      for (let a = 0; a < nFactors; a++) s += w[j * nFactors + a] * z[i * nFactors + a];
      values[i * nCols + j] = s;
    }
  }
  return {
    kind: 'dense',
    nRows,
    nCols,
    values,
    columns: Array.from({ length: nCols }, (_, j) => `x${j + 1}`),
    factors: { names: Array.from({ length: nFactors }, (_, a) => `z${a + 1}`), values: z },
    source: 'toy factor data',
  };
}
