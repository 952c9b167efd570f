import { leadingVectors, rightSingularSystem } from './gram-svd.js';
import { applyInverseLinks, type InverseLink } from './inverse-link.js';

/** One layer's input to the spectral initialiser: Y (N × c, row-major) and the inverse link of each column. */
export interface LayerInput {
  readonly values: Float64Array;
  readonly nRows: number;
  /** One per column (c = links.length). */
  readonly links: readonly InverseLink[];
}

/** Subtracts each column's mean in place and returns the means. */
export function centreColumns(y: Float64Array, n: number, cols: number): Float64Array {
  const means = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) means[j] += y[i * cols + j];
  for (let j = 0; j < cols; j++) means[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) y[i * cols + j] -= means[j];
  return means;
}

/** The reference's rank rule m = max(minRank, #{σ_i > 1.01·√N}), capped at the number of singular values. */
export function reconstructionRank(singularValues: Float64Array, n: number, minRank: number): number {
  const floor = 1.01 * Math.sqrt(n);
  let above = 0;
  for (const s of singularValues) if (s > floor) above++;
  return Math.min(Math.max(minRank, above), singularValues.length, n);
}

/**
 * Rank-m reconstruction Ŷ = U_m·Σ_m·V_mᵀ = Y·V_m·V_mᵀ of an N × c matrix (ALGORITHMS.md §2.2 step 1), with
 * m = max(minRank, #{σ_i > 1.01·√N}) — the projection of Y's rows on its top-m right singular subspace.
 *
 * @returns the reconstruction (fresh N × c array), the rank m and all singular values of Y.
 */
export function lowRankReconstruction(
  y: Float64Array,
  n: number,
  cols: number,
  minRank: number,
): { values: Float64Array; rank: number; singularValues: Float64Array } {
  const { singularValues, vectors } = rightSingularSystem(y, n, cols);
  const m = reconstructionRank(singularValues, n, minRank);
  const v = leadingVectors(vectors, m).data;
  const out = new Float64Array(n * cols);
  const scores = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const r = i * cols;
    scores.fill(0);
    for (let a = 0; a < cols; a++) {
      const ya = y[r + a];
      if (ya === 0) continue;
      for (let t = 0; t < m; t++) scores[t] += ya * v[a * m + t];
    }
    for (let a = 0; a < cols; a++) {
      let s = 0;
      for (let t = 0; t < m; t++) s += scores[t] * v[a * m + t];
      out[r + a] = s;
    }
  }
  return { values: out, rank: m, singularValues };
}

/**
 * Steps 1–3 of the double SVD (ALGORITHMS.md §2.2): the columns with a `logit` or `log` link are replaced by the
 * inverse link of their clipped rank-m reconstruction (m = max(minRank, #{σ_i > 1.01√N})); `identity` (Normal)
 * columns are kept raw; then, with `centre`, every column is centred. A layer of Normal columns only therefore gives
 * the centred X with no SVD, as the reference's Normal layer 1 does.
 *
 * Mixed layers (some Bernoulli or Poisson, some Normal columns; the reference has no exploratory mixed case): the
 * reconstruction is of the whole raw matrix, so the Normal columns help denoise the others (reconstructing the
 * Bernoulli columns alone at rank K + 1 from half of the 18 columns of the §9.2 design left them nearly binary, and
 * their clipped logits swamped the second SVD: accuracy of Ĝ1 0.68 instead of ≥ 0.95); each column is then put on its
 * own family's linear-predictor scale (Normal: raw). The Normal columns enter the second SVD in the data's own units,
 * so their weight relative to the logit/log columns depends on that scale.
 *
 * @returns Z (N × c) and the column means subtracted (zeros without `centre`).
 */
export function doubleSvdTransform(input: LayerInput, minRank: number, epsilon: number, centre = true): { z: Float64Array; means: Float64Array } {
  const { values, nRows: n, links } = input;
  const cols = links.length;
  const linked = links.flatMap((l, j) => (l === 'identity' ? [] : [j]));
  const z = Float64Array.from(values);
  if (linked.length > 0) {
    const { values: rec } = lowRankReconstruction(values, n, cols, minRank);
    for (let i = 0; i < n; i++) for (const j of linked) z[i * cols + j] = rec[i * cols + j];
    applyInverseLinks(z, n, links, epsilon);
  }
  const means = centre ? centreColumns(z, n, cols) : new Float64Array(cols);
  return { z, means };
}
