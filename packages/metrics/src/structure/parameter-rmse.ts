/** The parameters of a layered model that {@link parameterRmse} compares (the `dde/dde` state's and the generators' truth form). */
export interface LayeredParameters {
  /** Bottom-up; each row `[intercept, slope_1, …, slope_{K_d}]`, one row per child. */
  readonly layers: readonly {
    /** B^(d): one row `[intercept, slope_1, …, slope_{K_d}]` per child (J for layer 1, K_{d−1} above). */
    readonly coefficients: readonly (readonly number[])[];
  }[];
  /** p_l = P(A^(D)_l = 1) of the top layer's K_D latents. */
  readonly topProbabilities: readonly number[];
  /** Normal variances γ_j (J); compared when both sides have them (entries `null` are skipped). */
  readonly variances?: readonly (number | null)[];
}

/**
 * Root-mean-square error of a fitted layered model's parameters after matching latent labels (ALGORITHMS.md §2.8):
 * with the permutations of {@link graphAccuracy} (`permutations[d − 1][k]` = fitted latent of layer d for true latent
 * k), MSE = (Σ_l (p̂_π(l) − p_l)² + Σ_d Σ_{r,c} (B̂^(d)_{π_{d−1}(r), π_d(c)} − B^(d)_{r,c})² [+ Σ_j (γ̂_j − γ_j)²]) / count,
 * the intercept column staying in place and the rows of layer 1 (observed columns) unpermuted; count = K_D +
 * Σ_d rows_d·(1 + K_d) [+ J]. The reference averages this MSE over replicates before the square root; this returns
 * one replicate's `mse` and its `rmse` = √mse. (Unlike the reference's Normal script, each γ error is squared on its own.)
 * @example
 * ```ts
 * const { permutations } = graphAccuracy(truthGraphs, fittedGraphs);
 * parameterRmse(truth, fitted.state, permutations).rmse;
 * ```
 */
export function parameterRmse(
  truth: LayeredParameters,
  fitted: LayeredParameters,
  permutations: readonly (readonly number[])[],
): {
  /** The mean squared error over the `count` parameters. */
  mse: number;
  /** √mse, in the parameters' units. */
  rmse: number;
  /** Number of parameters compared: K_D + Σ_d rows_d·(1 + K_d) [+ J]. */
  count: number;
} {
  const depth = truth.layers.length;
  if (fitted.layers.length !== depth || permutations.length !== depth)
    throw new Error(`parameterRmse: truth has ${depth} layers but fitted has ${fitted.layers.length} and there are ${permutations.length} permutations`);
  let [se, count] = [0, 0];
  truth.layers.forEach((layer, d) => {
    const b = layer.coefficients;
    const bh = fitted.layers[d].coefficients;
    const k = b[0].length - 1;
    if (bh.length !== b.length || bh[0].length !== k + 1)
      throw new Error(`parameterRmse: layer ${d + 1} of fitted is ${bh.length}×${bh[0].length} but truth's is ${b.length}×${k + 1}`);
    const perm = permutations[d];
    for (let r = 0; r < b.length; r++) {
      const row = bh[d === 0 ? r : permutations[d - 1][r]];
      se += (row[0] - b[r][0]) ** 2;
      for (let c = 0; c < k; c++) se += (row[1 + perm[c]] - b[r][1 + c]) ** 2;
      count += k + 1;
    }
  });
  const top = permutations[depth - 1];
  truth.topProbabilities.forEach((p, l) => {
    se += (fitted.topProbabilities[top[l]] - p) ** 2;
    count += 1;
  });
  if (truth.variances && fitted.variances)
    truth.variances.forEach((g, j) => {
      const gh = fitted.variances![j];
      if (g === null || gh === null || gh === undefined) return;
      se += (gh - g) ** 2;
      count += 1;
    });
  const mse = se / count;
  return { mse, rmse: Math.sqrt(mse), count };
}
