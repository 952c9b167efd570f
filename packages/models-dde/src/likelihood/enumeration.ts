import { logSumExp } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import { layerWidths, type DdeState } from '../dde-state.js';
import { configurationViews, logTopPrior, logTransitionTable, observedTerms, rowObservedLogLik, type ObservedTerms } from './layer-predictors.js';

/** The number of joint latent states 2^(ΣK) of a state with the given widths. */
export const jointStateCount = (widths: readonly number[]): number => 2 ** widths.reduce((a, b) => a + b, 0);

/**
 * Refuse to enumerate more than `maxStates` joint states.
 * @throws Error in one line naming maxStates and the count 2^(ΣK).
 */
export function checkStateCount(widths: readonly number[], maxStates: number): void {
  const count = jointStateCount(widths);
  if (count > maxStates)
    throw new Error(
      `dde/dde: exact enumeration needs 2^${widths.reduce((a, b) => a + b, 0)} = ${count} joint latent states (layers [${widths.join(', ')}]), above maxStates = ${maxStates}; raise maxStates or use the importance-sampling estimate`,
    );
}

/**
 * Everything about a DDE's latent layers that does not depend on the data, tabulated once per state for exact
 * enumeration (ALGORITHMS.md §2.5), with configurations indexed as in `configurationBits`:
 *
 * - `logPrior` (2^K_1): log π(a) = log Σ_{a^(2),…,a^(D)} p(a | a^(2))·p(a^(2) | a^(3))···p(a^(D)), summed layer by
 *   layer from the top (the layers form a Markov chain, so the sum over all upper configurations factorises into
 *   D − 1 log-sum-exp matrix–vector products; it equals the brute-force sum over all 2^(K_2+…+K_D) of them);
 * - `upperPosterior` (2^K_1 × U, U = 2^(K_2+…+K_D)): P(a^(2), …, a^(D) | A^(1) = a), which does not depend on x
 *   because X ⟂ A^(2..D) | A^(1); the joint posterior of a row is then P(a | x_i)·P(u | a);
 * - `upperMarginals[d − 2]` (2^K_1 × K_d, d ≥ 2): P(A^(d)_k = 1 | A^(1) = a).
 *
 * Upper configurations u are indexed by concatenating the layers' configuration indices:
 * u = c_2 + 2^K_2·c_3 + 2^(K_2+K_3)·c_4 + …
 */
export interface DdeEnumeration {
  readonly widths: readonly number[];
  readonly logPrior: Float64Array;
  readonly upperCount: number;
  readonly upperPosterior: Float64Array;
  readonly upperMarginals: readonly Float64Array[];
  /** The configuration index of layer d (d ≥ 2, at `[d − 2]`) in upper configuration u: `upperConfig[d − 2][u]`. */
  readonly upperConfig: readonly Int32Array[];
  readonly observed: ObservedTerms;
}

/**
 * Tabulate {@link DdeEnumeration} for `state`, refusing above `maxStates` joint states.
 * @throws Error naming maxStates and 2^(ΣK) when there are more.
 */
export function enumerateDde(state: DdeState, maxStates: number): DdeEnumeration {
  const widths = layerWidths(state);
  checkStateCount(widths, maxStates);
  const depth = widths.length;
  // transitions[L] (L ≥ 1): log p(A^(L) | A^(L+1)) as 2^K_{L+1} × 2^K_L (0-based L = layer index of the child).
  const transitions = widths.map((_, L) => (L === 0 ? new Float64Array(0) : logTransitionTable(state.layers[L], widths[L], widths[L - 1])));
  // Marginal log-priors top-down: marginal[D−1] is the top prior, marginal[L] = logsumexp_parent(T + marginal[L+1]).
  const marginal: Float64Array[] = new Array(depth);
  marginal[depth - 1] = logTopPrior(state.topProbabilities);
  for (let L = depth - 2; L >= 0; L--) {
    const nParent = 2 ** widths[L + 1];
    const nChild = 2 ** widths[L];
    const out = new Float64Array(nChild);
    const terms = new Float64Array(nParent);
    for (let a = 0; a < nChild; a++) {
      for (let p = 0; p < nParent; p++) terms[p] = transitions[L + 1][p * nChild + a] + marginal[L + 1][p];
      out[a] = logSumExp(terms);
    }
    marginal[L] = out;
  }
  const logPrior = marginal[0];

  // Upper configurations and their posterior given a: p(a | a2)·p(a2 | a3)···p(aD) / π(a).
  const upperWidths = widths.slice(1);
  const upperCount = 2 ** upperWidths.reduce((s, k) => s + k, 0);
  const upperConfig = upperWidths.map(() => new Int32Array(upperCount));
  for (let u = 0; u < upperCount; u++) {
    let shift = 0;
    upperWidths.forEach((k, m) => {
      upperConfig[m][u] = Math.floor(u / 2 ** shift) % 2 ** k;
      shift += k;
    });
  }
  const nFirst = 2 ** widths[0];
  const upperPosterior = new Float64Array(nFirst * upperCount);
  const upperMarginals = upperWidths.map((k) => new Float64Array(nFirst * k));
  for (let a = 0; a < nFirst; a++) {
    for (let u = 0; u < upperCount; u++) {
      let s = -logPrior[a];
      let child = a;
      for (let L = 1; L < depth; L++) {
        const parent = upperConfig[L - 1][u];
        s += transitions[L][parent * 2 ** widths[L - 1] + child];
        child = parent;
      }
      s += marginal[depth - 1][child];
      const q = Math.exp(s);
      upperPosterior[a * upperCount + u] = q;
      for (let m = 0; m < upperWidths.length; m++) {
        const c = upperConfig[m][u];
        const k = upperWidths[m];
        for (let b = 0; b < k; b++) if ((c >> b) & 1) upperMarginals[m][a * k + b] += q;
      }
    }
  }
  return { widths, logPrior, upperCount, upperPosterior, upperMarginals, upperConfig, observed: observedTerms(state) };
}

/** Scratch arrays for {@link rowLogJoint}, allocated once per pass over the rows. */
export interface RowScratch {
  readonly logJoint: Float64Array;
  readonly slopeSums: Float64Array;
}

export const rowScratch = (enumeration: DdeEnumeration): RowScratch => ({
  logJoint: new Float64Array(2 ** enumeration.widths[0]),
  slopeSums: new Float64Array(enumeration.widths[0]),
});

/**
 * Fill `scratch.logJoint` with log p(x_i | a) + log π(a) for every configuration a of A^(1) and return
 * log p(x_i) = logsumexp_a of it.
 */
export function rowLogJoint(state: DdeState, enumeration: DdeEnumeration, data: DdeData, row: number, scratch: RowScratch): number {
  const { logJoint, slopeSums } = scratch;
  rowObservedLogLik(state, enumeration.observed, data, row, logJoint, slopeSums);
  for (let a = 0; a < logJoint.length; a++) logJoint[a] += enumeration.logPrior[a];
  return logSumExp(logJoint);
}

/**
 * The exact log p(x_i) of every row by enumeration (ALGORITHMS.md §2.5, §2.9 item 10, with log-sum-exp):
 * log p(x_i) = logsumexp_a [log p(x_i | a) + log π(a)] with every constant (Poisson's −log x!).
 * @throws Error naming maxStates when 2^(ΣK) > maxStates.
 */
export function exactLogLikelihood(state: DdeState, data: DdeData, maxStates: number): Float64Array {
  const enumeration = enumerateDde(state, maxStates);
  const scratch = rowScratch(enumeration);
  const out = new Float64Array(data.nRows);
  for (let i = 0; i < data.nRows; i++) out[i] = rowLogJoint(state, enumeration, data, i, scratch);
  return out;
}

/**
 * P(A^(d)_k = 1 | x_i) for every row and latent of layer `layer` (1-based, 1 = nearest the data), N × K_d row-major,
 * by enumeration: Σ_a P(a | x_i)·[a_k] for d = 1 and Σ_a P(a | x_i)·P(A^(d)_k = 1 | a) above.
 */
export function exactLayerPosterior(state: DdeState, data: DdeData, layer: number, maxStates: number): Float64Array {
  const enumeration = enumerateDde(state, maxStates);
  const { widths } = enumeration;
  if (!Number.isInteger(layer) || layer < 1 || layer > widths.length)
    throw new Error(`dde/dde: layer must be an integer from 1 to ${widths.length}, got ${layer}`);
  const width = widths[layer - 1];
  const scratch = rowScratch(enumeration);
  const out = new Float64Array(data.nRows * width);
  const table = layer === 1 ? null : enumeration.upperMarginals[layer - 2];
  for (let i = 0; i < data.nRows; i++) {
    const total = rowLogJoint(state, enumeration, data, i, scratch);
    const { logJoint } = scratch;
    for (let a = 0; a < logJoint.length; a++) {
      const w = Math.exp(logJoint[a] - total);
      if (w === 0) continue;
      for (let k = 0; k < width; k++) out[i * width + k] += w * (table === null ? (a >> k) & 1 : table[a * width + k]);
    }
  }
  // Sums of weights that add to 1 can exceed it by an ulp.
  for (let i = 0; i < out.length; i++) if (out[i] > 1) out[i] = 1;
  return out;
}

/**
 * The exact posterior over all joint states of each row, handed to `visit(row, latents, weight)` with `latents[L]`
 * the 0/1 configuration of layer L + 1 (views into shared tables: copy them to keep them) and weight
 * P(A^(1) = a, A^(2..D) = u | x_i) = P(a | x_i)·P(u | a); states of weight exactly 0 are skipped. Returns
 * Σ_i log p(x_i).
 */
export function visitJointPosterior(
  state: DdeState,
  enumeration: DdeEnumeration,
  data: DdeData,
  visit: (row: number, latents: readonly Uint8Array[], weight: number) => void,
): number {
  const { widths, upperCount, upperPosterior, upperConfig } = enumeration;
  const views = widths.map((k) => configurationViews(k));
  const latents: Uint8Array[] = views.map((v) => v[0]);
  const scratch = rowScratch(enumeration);
  let total = 0;
  for (let i = 0; i < data.nRows; i++) {
    const logP = rowLogJoint(state, enumeration, data, i, scratch);
    total += logP;
    const { logJoint } = scratch;
    for (let a = 0; a < logJoint.length; a++) {
      const w = Math.exp(logJoint[a] - logP);
      if (w === 0) continue;
      latents[0] = views[0][a];
      for (let u = 0; u < upperCount; u++) {
        const q = upperPosterior[a * upperCount + u];
        if (q === 0) continue;
        for (let m = 0; m < upperConfig.length; m++) latents[m + 1] = views[m + 1][upperConfig[m][u]];
        visit(i, latents, w * q);
      }
    }
  }
  return total;
}
