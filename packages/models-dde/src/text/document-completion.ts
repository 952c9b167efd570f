import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import { enumerateDde, rowLogJoint, rowScratch } from '../likelihood/enumeration.js';
import { configurationBits, linearPredictor } from '../likelihood/layer-predictors.js';

/** How the posterior of A^(1) given the observed words weighs the configurations a of layer 1. */
export type CompletionPosterior = 'joint' | 'product-of-marginals';

/** Options of {@link completionWordDistribution}. */
export interface CompletionOptions {
  /**
   * ρ: the expected share of each document's words that is observed (0.8 for an 80/20 split). The observed part of
   * a Poisson(μ_j) count thinned word by word with probability ρ is Poisson(ρ·μ_j), so the posterior is computed
   * with every rate scaled by ρ (intercepts β_j0 + log ρ). ρ = 1 treats the observed part as a whole document, as
   * the reference 20 Newsgroups script does.
   */
  readonly observedShare: number;
  /** `joint` (default): the exact posterior P(a | x_obs); `product-of-marginals`: see {@link completionWordDistribution}. */
  readonly posterior?: CompletionPosterior;
  /** The largest number of joint states 2^(ΣK) to enumerate. */
  readonly maxStates: number;
}

/**
 * Row-normalised Poisson rates of every configuration a of A^(1): softmax_j(η_j(a)) = e^{η_j(a)} / Σ_l e^{η_l(a)},
 * 2^K_1 × J row-major (configurations indexed as `configurationBits`). The word distribution of a document whose
 * first latent layer is a, given its length.
 */
export function configurationWordDistributions(state: DdeState): Float64Array {
  const layer = state.layers[0];
  const width = layer.coefficients[0].length - 1;
  const nCols = layer.coefficients.length;
  const bits = configurationBits(width);
  const out = new Float64Array(2 ** width * nCols);
  for (let a = 0; a < 2 ** width; a++) {
    const row = out.subarray(a * nCols, (a + 1) * nCols);
    let max = -Infinity;
    for (let j = 0; j < nCols; j++) max = Math.max(max, (row[j] = linearPredictor(layer, j, bits, a * width)));
    let sum = 0;
    for (let j = 0; j < nCols; j++) sum += row[j] = Math.exp(row[j] - max);
    for (let j = 0; j < nCols; j++) row[j] /= sum;
  }
  return out;
}

/** `state` with every observed intercept shifted by log ρ: the rates of a document thinned to the share ρ. */
function thinned(state: DdeState, share: number): DdeState {
  const shift = Math.log(share);
  const [first, ...rest] = state.layers;
  return { ...state, layers: [{ ...first, coefficients: first.coefficients.map(([b0, ...slopes]) => [b0 + shift, ...slopes]) }, ...rest] };
}

/**
 * Document completion with a Poisson DDE (ALGORITHMS.md §2.8): for each row of `observed` (the observed part of a
 * test document's word counts), the predictive distribution of its held-out words,
 *
 *   p̂_ij = Σ_a w_i(a) · softmax_j(η_j(a)),
 *
 * N × J row-major, each row summing to 1. The weights are, with `posterior`:
 * - `joint`: the exact posterior w_i(a) = P(A^(1) = a | x_obs,i) by enumeration (the upper layers marginalised),
 *   with every rate scaled by ρ = `observedShare`;
 * - `product-of-marginals`: w_i(a) = Π_k π_ik^{a_k}(1 − π_ik)^{1 − a_k} with π_ik = P(A^(1)_k = 1 | x_obs,i): the
 *   limit as S → ∞ of the reference script's average over S draws of A^(1) with independent coordinates
 *   (`rand(N, K1) < pi_1`), which ignores the dependence between the latents of layer 1.
 * The held-out perplexity is then exp(−Σ_ij y_ij·log p̂_ij / Σ_ij y_ij) over the held-out counts y
 * (`perplexity` of `@latentkit/metrics`). Both sums are exact; the reference's S = 100 Monte Carlo draws
 * approximate the second.
 * @throws Error in one line when a column is not Poisson, ρ is not in (0, 1], or 2^(ΣK) > maxStates.
 */
export function completionWordDistribution(state: DdeState, observed: DdeData, options: CompletionOptions): Float64Array {
  const { observedShare: share, maxStates } = options;
  const posterior = options.posterior ?? 'joint';
  const bad = state.families.findIndex((f) => f !== 'poisson');
  if (bad >= 0) throw new Error(`dde/dde: document completion needs Poisson columns; column '${state.columns[bad]}' is ${state.families[bad]}`);
  if (!(share > 0 && share <= 1)) throw new Error(`dde/dde: observedShare must be in (0, 1], got ${share}`);
  const nCols = state.columns.length;
  if (observed.nCols !== nCols) throw new Error(`dde/dde: document completion expected ${nCols} columns, got ${observed.nCols}`);
  const scaled = thinned(state, share);
  const enumeration = enumerateDde(scaled, maxStates);
  const words = configurationWordDistributions(state);
  const width = enumeration.widths[0];
  const count = 2 ** width;
  const scratch = rowScratch(enumeration);
  const weights = new Float64Array(count);
  const marginals = new Float64Array(width);
  const out = new Float64Array(observed.nRows * nCols);
  for (let i = 0; i < observed.nRows; i++) {
    const total = rowLogJoint(scaled, enumeration, observed, i, scratch);
    for (let a = 0; a < count; a++) weights[a] = Math.exp(scratch.logJoint[a] - total);
    if (posterior === 'product-of-marginals') {
      marginals.fill(0);
      for (let a = 0; a < count; a++) for (let k = 0; k < width; k++) if ((a >> k) & 1) marginals[k] += weights[a];
      for (let a = 0; a < count; a++) {
        let w = 1;
        for (let k = 0; k < width; k++) w *= (a >> k) & 1 ? marginals[k] : 1 - marginals[k];
        weights[a] = w;
      }
    }
    const row = out.subarray(i * nCols, (i + 1) * nCols);
    for (let a = 0; a < count; a++) {
      const w = weights[a];
      if (w === 0) continue;
      const base = a * nCols;
      for (let j = 0; j < nCols; j++) row[j] += w * words[base + j];
    }
  }
  return out;
}
