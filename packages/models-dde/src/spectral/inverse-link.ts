/**
 * How a layer's input column is mapped to the linear-predictor scale before the second SVD
 * (ALGORITHMS.md §2.2 step 2): `logit` for Bernoulli columns and binary latents, `log` for Poisson columns,
 * `identity` for Normal columns (used raw: no low-rank reconstruction, no clipping).
 */
export type InverseLink = 'logit' | 'log' | 'identity';

/** logit(clip(x, ε, 1 − ε)) = log(x̃ / (1 − x̃)): the reference's truncation before the inverse logistic link. */
export function clippedLogit(x: number, epsilon: number): number {
  const t = x < epsilon ? epsilon : x > 1 - epsilon ? 1 - epsilon : x;
  return Math.log(t / (1 - t));
}

/** log(max(x, ε)): the reference's truncation before the inverse exponential (Poisson) link. */
export function clippedLog(x: number, epsilon: number): number {
  return Math.log(x < epsilon ? epsilon : x);
}

/** The inverse link of each column of a layer, `identity` for Normal observed columns. */
export function applyInverseLink(link: InverseLink, x: number, epsilon: number): number {
  return link === 'logit' ? clippedLogit(x, epsilon) : link === 'log' ? clippedLog(x, epsilon) : x;
}

/**
 * Applies each column's inverse link in place to a row-major N × c matrix (identity columns are left as they are).
 */
export function applyInverseLinks(y: Float64Array, n: number, links: readonly InverseLink[], epsilon: number): void {
  const cols = links.length;
  for (let j = 0; j < cols; j++) {
    const link = links[j];
    if (link === 'identity') continue;
    for (let i = 0; i < n; i++) y[i * cols + j] = applyInverseLink(link, y[i * cols + j], epsilon);
  }
}
