import { createRng, sigmoid, type DenseDataset } from '@latentkit/core';
import { ddeBlockDesign } from '@latentkit/datasets';

/**
 * Test support (a local stand-in for the datasets package's deep Normal generator, ALGORITHMS.md §9.3–9.4): D layers
 * with K_D = 2 and K_{d−1} = 3·K_d, J = 3·K_1; every B^(d) is `ddeBlockDesign(K_d, max, cross)`; A^(D) ~ Bernoulli(0.5),
 * X_j | A^(1) ~ N(η_j, 1).
 */
export function deepNormal(options: { n: number; depth: number; max: number; cross: number; seed: number }): {
  data: DenseDataset;
  /** Bottom-up: widths, coefficient matrices (children × (1 + K_d)) and latents (N × K_d). */
  widths: number[];
  coefficients: number[][][];
  latents: Uint8Array[];
} {
  const { n, depth, max, cross, seed } = options;
  const widths = Array.from({ length: depth }, (_, d) => 2 * 3 ** (depth - 1 - d));
  const coefficients = widths.map((k) => ddeBlockDesign(k, max, cross));
  const rng = createRng(seed);
  const latents = widths.map((k) => new Uint8Array(n * k));
  const J = 3 * widths[0];
  const values = new Float64Array(n * J);
  for (let i = 0; i < n; i++) {
    const kTop = widths[depth - 1];
    for (let l = 0; l < kTop; l++) latents[depth - 1][i * kTop + l] = rng.uniform() < 0.5 ? 1 : 0;
    for (let d = depth - 2; d >= 0; d--) {
      const k = widths[d];
      const kp = widths[d + 1];
      const b = coefficients[d + 1];
      for (let c = 0; c < k; c++) {
        let eta = b[c][0];
        for (let l = 0; l < kp; l++) eta += b[c][1 + l] * latents[d + 1][i * kp + l];
        latents[d][i * k + c] = rng.uniform() < sigmoid(eta) ? 1 : 0;
      }
    }
    const k1 = widths[0];
    for (let j = 0; j < J; j++) {
      let eta = coefficients[0][j][0];
      for (let t = 0; t < k1; t++) eta += coefficients[0][j][1 + t] * latents[0][i * k1 + t];
      values[i * J + j] = eta + rng.normal();
    }
  }
  const columns = Array.from({ length: J }, (_, j) => `x${j + 1}`);
  return { data: { kind: 'dense', nRows: n, nCols: J, values, columns }, widths, coefficients, latents };
}
