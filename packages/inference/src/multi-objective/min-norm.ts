/** Options of {@link minNormWeights}. */
export interface MinNormOptions {
  /**
   * Bounds [lo, hi] of the weight α₁ of the first task in the two-task closed form (default [0, 1], the exact
   * minimiser). Sener & Koltun's reference code uses {@link SENER_KOLTUN_CLIP}, so that neither task's weight is 0.
   * Not used with more than two tasks.
   */
  readonly clip?: readonly [number, number];
  /** Frank–Wolfe iterations at most, for more than two tasks (default 1000). */
  readonly maxIter?: number;
  /** Stop Frank–Wolfe when its duality gap is at most `tol`·max_k G_kk (default 1e-10). */
  readonly tol?: number;
}

/** The clipping [0.001, 0.999] of the two-task MGDA weight in Sener & Koltun's MinNormSolver. */
export const SENER_KOLTUN_CLIP: readonly [number, number] = [0.001, 0.999];

/**
 * The weight γ of g₁ in the min-norm point γ·g₁ + (1 − γ)·g₂ of the segment between two vectors, from their inner
 * products v₁₁ = ⟨g₁, g₁⟩, v₁₂ = ⟨g₁, g₂⟩, v₂₂ = ⟨g₂, g₂⟩: γ = clip((v₂₂ − v₁₂)/(v₁₁ + v₂₂ − 2v₁₂), lo, hi), and 0.5
 * when g₁ = g₂ (‖g₁ − g₂‖² = 0: every γ gives the same point).
 * @example
 * ```ts
 * minNormPair(1, 0, 1); // 0.5: orthogonal unit vectors
 * ```
 */
export function minNormPair(v11: number, v12: number, v22: number, clip: readonly [number, number] = [0, 1]): number {
  const den = v11 + v22 - 2 * v12;
  if (!(den > 1e-12 * (v11 + v22))) return 0.5;
  return Math.min(clip[1], Math.max(clip[0], (v22 - v12) / den));
}

/**
 * The weights α of the min-norm element of the convex hull of K task gradients (multiple-gradient descent, MGDA):
 * α = argmin_{α ∈ Δ_K} ‖Σ_k α_k g_k‖² = argmin αᵀGα over the simplex Δ_K, from the Gram matrix G_ij = ⟨g_i, g_j⟩.
 * The direction d = Σ_k α_k g_k is 0 at a Pareto-stationary point and otherwise a common descent direction
 * (⟨d, g_k⟩ ≥ ‖d‖² > 0 for every task).
 *
 * Two tasks: the closed form α₁ = clip((G₂₂ − G₁₂)/(G₁₁ + G₂₂ − 2G₁₂), 0, 1), α₂ = 1 − α₁ ({@link minNormPair}; 0.5
 * each when g₁ = g₂). More tasks: Frank–Wolfe on αᵀGα as in Sener & Koltun's MinNormSolver: start from the best
 * two-task solution over all pairs, then move towards the vertex e_t with t = argmin_t (Gα)_t by the exact line search
 * between α and e_t, until the duality gap 2(αᵀGα − (Gα)_t) is at most `tol`·max_k G_kk (it bounds αᵀGα − min).
 *
 * References: J.-A. Désidéri, "Multiple-gradient descent algorithm (MGDA) for multiobjective optimization", Comptes
 * Rendus Mathématique 350, 2012; O. Sener and V. Koltun, "Multi-task learning as multi-objective optimization",
 * NeurIPS 2018.
 * @param gram The K×K Gram matrix of the task gradients (symmetric, positive semi-definite).
 * @example
 * ```ts
 * minNormWeights([[4, 0], [0, 1]]); // [0.2, 0.8]: ‖0.2·g₁ + 0.8·g₂‖² = 0.8 is the least on the segment
 * ```
 */
export function minNormWeights(gram: readonly (readonly number[])[], options: MinNormOptions = {}): number[] {
  const k = gram.length;
  if (k === 0 || gram.some((row) => row.length !== k)) throw new Error(`minNormWeights: the Gram matrix must be square and non-empty, got ${k} rows`);
  if (k === 1) return [1];
  if (k === 2) {
    const a = minNormPair(gram[0][0], gram[0][1], gram[1][1], options.clip);
    return [a, 1 - a];
  }
  let alpha = new Array<number>(k).fill(0);
  let best = Infinity;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const g = minNormPair(gram[i][i], gram[i][j], gram[j][j]);
      const value = g * g * gram[i][i] + 2 * g * (1 - g) * gram[i][j] + (1 - g) * (1 - g) * gram[j][j];
      if (value < best) {
        best = value;
        alpha = new Array<number>(k).fill(0);
        alpha[i] = g;
        alpha[j] = 1 - g;
      }
    }
  const scale = Math.max(...gram.map((row, i) => row[i]));
  const tol = (options.tol ?? 1e-10) * scale;
  for (let iter = 0; iter < (options.maxIter ?? 1000); iter++) {
    const galpha = gram.map((row) => row.reduce((s, g, j) => s + g * alpha[j], 0));
    const t = galpha.indexOf(Math.min(...galpha));
    const v11 = alpha.reduce((s, a, i) => s + a * galpha[i], 0);
    if (2 * (v11 - galpha[t]) <= tol) break;
    const gamma = minNormPair(v11, galpha[t], gram[t][t]);
    alpha = alpha.map((a, i) => gamma * a + (i === t ? 1 - gamma : 0));
  }
  return alpha;
}
