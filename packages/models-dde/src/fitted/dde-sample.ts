import { createRng, poissonVariate, sigmoid, type DenseDataset } from '@latentkit/core';
import { layerWidths, type DdeState } from '../dde-state.js';
import { linearPredictor } from '../likelihood/layer-predictors.js';

/** Column names of layer d's latents (1-based): `a<d>_1 … a<d>_K`. */
export const latentNames = (layer: number, width: number): string[] => Array.from({ length: width }, (_, k) => `a${layer}_${k + 1}`);

/**
 * Draw `n` rows ancestrally: A^(D)_l ~ Bernoulli(p_l); A^(d)_k | A^(d+1) ~ Bernoulli(σ(η^(d+1)_k)) down to d = 1; then
 * X_j | A^(1) ~ Bernoulli(σ(η_j)), Poisson(e^η_j) or N(η_j, γ_j). Every layer's draws are returned as `factors`
 * (`a1_1 … a1_K1`, `a2_1 …`, bottom-up), as `ddeTwoLayer` of `@latentkit/datasets` returns its truth.
 */
export function sampleDde(state: DdeState, n: number, seed: number, source: string): DenseDataset {
  if (!Number.isInteger(n) || n < 1) throw new Error(`dde/dde: sample needs a positive integer number of rows, got ${n}`);
  const rng = createRng(seed);
  const widths = layerWidths(state);
  const depth = widths.length;
  const nCols = state.families.length;
  const totalLatent = widths.reduce((a, b) => a + b, 0);
  const offsets = widths.map((_, d) => widths.slice(0, d).reduce((a, b) => a + b, 0));
  const values = new Float64Array(n * nCols);
  const factors = new Float64Array(n * totalLatent);
  const layers = widths.map((k) => new Uint8Array(k));
  for (let i = 0; i < n; i++) {
    const top = layers[depth - 1];
    for (let l = 0; l < widths[depth - 1]; l++) top[l] = rng.uniform() < state.topProbabilities[l] ? 1 : 0;
    for (let d = depth - 2; d >= 0; d--)
      for (let k = 0; k < widths[d]; k++) layers[d][k] = rng.uniform() < sigmoid(linearPredictor(state.layers[d + 1], k, layers[d + 1])) ? 1 : 0;
    for (let j = 0; j < nCols; j++) {
      const eta = linearPredictor(state.layers[0], j, layers[0]);
      const family = state.families[j];
      values[i * nCols + j] =
        family === 'bernoulli'
          ? rng.uniform() < sigmoid(eta)
            ? 1
            : 0
          : family === 'poisson'
            ? poissonVariate(rng, Math.exp(eta))
            : eta + Math.sqrt(state.variances?.[j] ?? 1) * rng.normal();
    }
    for (let d = 0; d < depth; d++) for (let k = 0; k < widths[d]; k++) factors[i * totalLatent + offsets[d] + k] = layers[d][k];
  }
  return {
    kind: 'dense',
    nRows: n,
    nCols,
    values,
    columns: [...state.columns],
    factors: { names: widths.flatMap((k, d) => latentNames(d + 1, k)), values: factors },
    source,
  };
}
