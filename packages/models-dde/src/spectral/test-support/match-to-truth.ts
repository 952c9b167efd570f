import { optimalAssignment } from '@latentkit/core';

/**
 * Test support: matches estimated latent columns to true ones (N × k, row-major 0/1) by the optimal assignment
 * maximising the number of rows on which they agree. Returns, for each true column t, the estimated column π(t).
 */
export function matchLatents(estimated: ArrayLike<number>, truth: ArrayLike<number>, n: number, k: number): number[] {
  const agree = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) for (let u = 0; u < k; u++) if (truth[i * k + t] === estimated[i * k + u]) agree[t][u]++;
  return Array.from(optimalAssignment(agree, { maximize: true }).rowToCol);
}

/** Share of rows on which every matched latent column agrees with the truth, per column averaged. */
export function latentAccuracy(estimated: ArrayLike<number>, truth: ArrayLike<number>, n: number, k: number, perm: readonly number[]): number {
  let hits = 0;
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) if (truth[i * k + t] === estimated[i * k + perm[t]]) hits++;
  return hits / (n * k);
}

/**
 * Accuracy of an estimated graph (children × k, 0/1) against the truth after relabelling: true entry (c, t) is compared
 * with estimated entry (rowPerm[c], colPerm[t]); `rowPerm` is null for observed children (same order).
 */
export function graphAccuracy(
  estimated: readonly (readonly number[])[],
  truth: readonly (readonly (number | boolean)[])[],
  rowPerm: readonly number[] | null,
  colPerm: readonly number[],
): number {
  let hits = 0;
  let total = 0;
  for (const [c, row] of truth.entries())
    for (const [t, g] of row.entries()) {
      total++;
      if (Number(g) === estimated[rowPerm ? rowPerm[c] : c][colPerm[t]]) hits++;
    }
  return hits / total;
}
