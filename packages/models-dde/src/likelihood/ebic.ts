import type { DdeState } from '../dde-state.js';

/**
 * The "degrees of freedom" of the reference code's EBIC (ALGORITHMS.md §2.7), generalised from two layers to D:
 * df = K_D + Σ_d (children_d + #{non-zero slopes of layer d}) + J, where children_d is J for d = 1 and K_{d−1}
 * above. With D = 2 this is the script's K2 + J + #{|B1| > τ} + K1 + #{|B2| > τ} + J: the fitted state is
 * hard-thresholded (every slope below τ is exactly 0), so its non-zero slopes are the script's |B| > τ.
 *
 * Quirk kept as written (§2.9 item 10): the final "+ J" has no parameter behind it for Bernoulli and Poisson
 * columns (it counts the Normal variances γ_j only when every column is Normal). {@link ddeFreeParameters} is the
 * honest count used by BIC and AIC.
 */
export function ebicDegreesOfFreedom(state: Pick<DdeState, 'layers' | 'topProbabilities' | 'families'>): number {
  let df = state.topProbabilities.length + state.families.length;
  for (const layer of state.layers) {
    df += layer.coefficients.length;
    for (const row of layer.coefficients) for (let k = 1; k < row.length; k++) if (row[k] !== 0) df += 1;
  }
  return df;
}

/**
 * The reference code's M, the size of the full model: K_D + Σ_d children_d·(K_d + 1); for D = 2,
 * M = K2 + J·(K1 + 1) + K1·(K2 + 1) as written (it has no variance term, unlike df).
 */
export function ebicModelSize(state: Pick<DdeState, 'layers' | 'topProbabilities'>): number {
  return state.layers.reduce((m, layer) => m + layer.coefficients.length * layer.coefficients[0].length, state.topProbabilities.length);
}

/**
 * Free parameters of a fitted DDE: every non-zero slope, every intercept (one per child of every layer), the K_D top
 * probabilities and one variance per Normal column.
 */
export function ddeFreeParameters(state: Pick<DdeState, 'layers' | 'topProbabilities' | 'families'>): number {
  let p = state.topProbabilities.length + state.families.filter((f) => f === 'normal').length;
  for (const layer of state.layers)
    for (const row of layer.coefficients) {
      p += 1;
      for (let k = 1; k < row.length; k++) if (row[k] !== 0) p += 1;
    }
  return p;
}

const xLogX = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/**
 * Extended BIC as the reference scripts code it (ALGORITHMS.md §2.7; lower is better):
 * EBIC = −2·logL + 2·df·log N + 2γ·[M·log M − df·log df − (M − df)·log(M − df)], γ = 1 by default.
 *
 * `logLik` is the total log-likelihood Σ_i log p(x_i) (computed with log-sum-exp, unlike the reference, §2.9 item 10).
 * Quirks kept as written: the factor 2 on df·log N (the usual BIC term is df·log N); df's "+ J" (see
 * {@link ebicDegreesOfFreedom}). The bracket is Stirling's log C(M, df); when df ≥ M (a dense graph makes df exceed M
 * by up to J, where the script's log of a negative number would be complex) x·log x is taken as 0 for x ≤ 0.
 * @example
 * ```ts
 * ebic(-1000, 100, 10, 40); // 2000 + 20·log 100 + 2·(40·log 40 − 10·log 10 − 30·log 30)
 * ```
 */
export function ebic(logLik: number, nRows: number, df: number, modelSize: number, gamma = 1): number {
  return -2 * logLik + 2 * df * Math.log(nRows) + 2 * gamma * (xLogX(modelSize) - xLogX(df) - xLogX(modelSize - df));
}
