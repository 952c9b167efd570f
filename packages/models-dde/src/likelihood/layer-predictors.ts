import { log1pexp } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily, DdeLayer, DdeState } from '../dde-state.js';
import { cellLogLikFull } from '../families.js';

/**
 * The 0/1 configurations of a layer of width K, as 2^K rows of K bits: configuration c has bit k = (c >> k) & 1
 * (latent k + 1 is bit k). Every enumeration in this package indexes configurations this way.
 */
export function configurationBits(width: number): Uint8Array {
  const count = 2 ** width;
  const bits = new Uint8Array(count * width);
  for (let c = 0; c < count; c++) for (let k = 0; k < width; k++) bits[c * width + k] = (c >> k) & 1;
  return bits;
}

/** Row `c` of {@link configurationBits} as views, one per configuration (for `DdeStatsBuilder.add`). */
export function configurationViews(width: number): Uint8Array[] {
  const bits = configurationBits(width);
  return Array.from({ length: 2 ** width }, (_, c) => bits.subarray(c * width, (c + 1) * width));
}

/** η_c = β_c0 + Σ_k β_ck·a_k of child `child` of `layer` for the parent bits `bits[offset … offset + K)`. */
export function linearPredictor(layer: DdeLayer, child: number, bits: ArrayLike<number>, offset = 0): number {
  const row = layer.coefficients[child];
  let eta = row[0];
  for (let k = 1; k < row.length; k++) if (bits[offset + k - 1]) eta += row[k];
  return eta;
}

/** log σ(η) for a = 1 and log(1 − σ(η)) for a = 0: the Bernoulli log-probability of a binary latent. */
export const logBernoulliLogit = (a: number, eta: number): number => (a ? -log1pexp(-eta) : -log1pexp(eta));

/**
 * log p(A^(L) = child configuration | A^(L+1) = parent configuration) for every pair, for the latent layer
 * `layers[upper]` (upper ≥ 1) mapping its K_upper latents to the K_{upper−1} latents below:
 * Σ_c log Bernoulli(a_c | σ(η_c(parent))). Returned row-major, parent-major: 2^K_parent × 2^K_child.
 */
export function logTransitionTable(layer: DdeLayer, parentWidth: number, childWidth: number): Float64Array {
  const parents = configurationBits(parentWidth);
  const nParent = 2 ** parentWidth;
  const nChild = 2 ** childWidth;
  const table = new Float64Array(nParent * nChild);
  const on = new Float64Array(childWidth);
  const off = new Float64Array(childWidth);
  for (let p = 0; p < nParent; p++) {
    for (let c = 0; c < childWidth; c++) {
      const eta = linearPredictor(layer, c, parents, p * parentWidth);
      on[c] = -log1pexp(-eta);
      off[c] = -log1pexp(eta);
    }
    for (let a = 0; a < nChild; a++) {
      let s = 0;
      for (let c = 0; c < childWidth; c++) s += (a >> c) & 1 ? on[c] : off[c];
      table[p * nChild + a] = s;
    }
  }
  return table;
}

/** log p(A^(D) = configuration) = Σ_l [a_l·log p_l + (1 − a_l)·log(1 − p_l)] for every top configuration. */
export function logTopPrior(topProbabilities: readonly number[]): Float64Array {
  const width = topProbabilities.length;
  const out = new Float64Array(2 ** width);
  for (let c = 0; c < out.length; c++) {
    let s = 0;
    for (let l = 0; l < width; l++) s += (c >> l) & 1 ? Math.log(topProbabilities[l]) : Math.log1p(-topProbabilities[l]);
    out[c] = s;
  }
  return out;
}

/**
 * The observed layer's log-likelihood in exponential-family form, so that a row costs O(J·K_1 + 2^K_1) instead of
 * O(J·2^K_1): for every family log p(x | η, γ) = r(x) + w(x)·η − c(η) with
 * Bernoulli w = x, c(η) = log(1 + e^η), r = 0; Poisson w = x, c(η) = e^η, r = −log x!;
 * Normal w = x/γ, c(η) = η²/(2γ) + ½·log(2πγ), r = −x²/(2γ).
 * Hence c(η) = −log p(0 | η) and r(x) = log p(x | 0) + c(0), both from `cellLogLikFull`, and w is the only
 * family-specific piece. With η_j(a) = β_j0 + Σ_k β_jk·a_k,
 * log p(x_i | a) = Σ_j r(x_ij) + Σ_j w_ij·β_j0 + Σ_k a_k·(Σ_j w_ij·β_jk) − C(a), C(a) = Σ_j c_j(η_j(a)).
 */
export interface ObservedTerms {
  readonly width: number;
  /** C(a) for every configuration of A^(1) (2^K_1): the part that does not depend on the row. */
  readonly normaliser: Float64Array;
}

const varianceOf = (state: Pick<DdeState, 'variances'>, j: number): number => state.variances?.[j] ?? 1;

/** The row-independent part C(a) = −Σ_j log p(x_j = 0 | η_j(a)) of {@link ObservedTerms} for every a. */
export function observedTerms(state: Pick<DdeState, 'layers' | 'families' | 'variances'>): ObservedTerms {
  const layer = state.layers[0];
  const width = layer.coefficients[0].length - 1;
  const bits = configurationBits(width);
  const normaliser = new Float64Array(2 ** width);
  for (let a = 0; a < normaliser.length; a++) {
    let s = 0;
    for (let j = 0; j < state.families.length; j++) s -= cellLogLikFull(state.families[j], 0, linearPredictor(layer, j, bits, a * width), varianceOf(state, j));
    normaliser[a] = s;
  }
  return { width, normaliser };
}

/** w(x) of {@link ObservedTerms}: the coefficient of η in log p(x | η). */
const naturalWeight = (family: DdeFamily, x: number, variance: number): number => (family === 'normal' ? x / variance : x);

/**
 * Fill `out` (2^K_1) with log p(x_i | a) for every configuration a of A^(1), in O(J·K_1 + 2^K_1): the linear part
 * Σ_k a_k·s_k is built by adding the slope sum of a's lowest set bit to the value of a without it. `slopeSums`
 * (K_1) is scratch.
 */
export function rowObservedLogLik(
  state: Pick<DdeState, 'layers' | 'families' | 'variances'>,
  terms: ObservedTerms,
  data: DdeData,
  row: number,
  out: Float64Array,
  slopeSums: Float64Array,
): Float64Array {
  const { width, normaliser } = terms;
  const coefficients = state.layers[0].coefficients;
  slopeSums.fill(0);
  let base = 0;
  for (let j = 0; j < data.nCols; j++) {
    const family = state.families[j];
    const variance = varianceOf(state, j);
    const x = data.values[row * data.nCols + j];
    const w = naturalWeight(family, x, variance);
    // r(x) = log p(x | η = 0) + c(0), with c(0) = −log p(0 | 0).
    base += cellLogLikFull(family, x, 0, variance) - cellLogLikFull(family, 0, 0, variance);
    const beta = coefficients[j];
    base += w * beta[0];
    for (let k = 0; k < width; k++) slopeSums[k] += w * beta[k + 1];
  }
  out[0] = base;
  for (let a = 1; a < out.length; a++) {
    const low = a & -a;
    out[a] = out[a ^ low] + slopeSums[31 - Math.clz32(low)];
  }
  for (let a = 0; a < out.length; a++) out[a] -= normaliser[a];
  return out;
}
