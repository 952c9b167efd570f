import { doubleSvdTransform } from './double-svd.js';
import { leadingVectors, rightSingularSystem } from './gram-svd.js';
import { binaryLatents } from './refit-layer.js';
import { rotatedLoadings } from './rotate-threshold.js';
import { latentInput } from './spectral-init.js';

/** The least threshold of `binary_init_K`: max(0.05, 1/(2.5·√K_{d−1})). */
export const SELECTION_MIN_THRESHOLD = 0.05;

/** Hard threshold of `binary_init_K` for a layer over `children` latents: max(0.05, 1/(2.5·√K_{d−1})). */
export const selectionThreshold = (children: number): number => Math.max(SELECTION_MIN_THRESHOLD, 1 / (2.5 * Math.sqrt(children)));

/** Rank floor of `binary_init_K`'s reconstruction: min(2K_d, K_{d−1} − 2), at least 1 (the #{σ_i > 1.01√N} rule is applied on top). */
export const selectionRankFloor = (k: number, children: number): number => Math.max(1, Math.min(2 * k, children - 2));

/**
 * The binary latents Â^(d) (N × k, row-major 0/1) that the reference's K selection (`select_K.m`) hands to the next
 * layer's selection, as its `binary_init_K` computes them from Â^(d−1) (N × K_{d−1}):
 *
 * 1. rank-m reconstruction of Â^(d−1), m = max(min(2k, K_{d−1} − 2), #{σ_i > 1.01√N});
 * 2. Z = column-centred logit of it clipped to [ε, 1 − ε];
 * 3. top-k right singular vectors of Z, varimax (Kaiser, `maxIter`) and hard threshold max(0.05, 1/(2.5√K_{d−1})),
 *    sign flip (k = 1: the first vector, unrotated);
 * 4. Â^(d) = 1{Z·B̂(B̂ᵀB̂)⁻¹ > 0}.
 *
 * Unlike the fitting initialiser's layer (`initLayer`: rank floor k + 1, threshold 1/(3.5√K_{d−1}) in the simulation
 * scripts), there is no coefficient refit: only the latents are needed.
 */
export function selectionLatents(previous: Uint8Array, n: number, children: number, k: number, epsilon: number, maxIter: number): Uint8Array {
  const { z } = doubleSvdTransform(latentInput(previous, n, children), selectionRankFloor(k, children), epsilon, true);
  const vk = leadingVectors(rightSingularSystem(z, n, children).vectors, k);
  return binaryLatents(z, n, rotatedLoadings(vk, selectionThreshold(children), maxIter));
}
