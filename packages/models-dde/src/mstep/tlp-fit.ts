import type { ChildObjective } from './child-objective.js';
import { proxNewtonBox } from './prox-newton.js';

/** At most this many difference-of-convex rounds per child and M-step. */
export const TLP_DC_ROUNDS = 5;

/**
 * Minimise −Q(β) + λ·Σ_{k ∈ P} min(|β_k|, τ) inside the box, P the penalisable coefficients (`penalisable[k] = 1`;
 * the slopes, never the intercept), by the difference-of-convex algorithm of Shen, Pan & Zhu (2012) for the
 * truncated-lasso penalty: min(|β|, τ) = |β| − max(|β| − τ, 0), whose concave part is linearised at the current β,
 * so each round solves the convex problem −Q(β) + λ·Σ_{k ∈ P, |β̂_k| < τ} |β_k| ({@link proxNewtonBox}) with the
 * penalised set taken from the previous round's β̂. Rounds stop when that set no longer changes, or after
 * {@link TLP_DC_ROUNDS}. Each round does not increase the TLP objective. Updates `beta` in place (warm start).
 */
export function fitTlp(
  f: ChildObjective,
  beta: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  lambda: number,
  tau: number,
  penalisable: Uint8Array,
): Float64Array {
  const n = f.size;
  const weights = new Float64Array(n);
  const previous = new Float64Array(n).fill(-1);
  for (let round = 0; round < TLP_DC_ROUNDS; round++) {
    let same = true;
    for (let k = 0; k < n; k++) {
      weights[k] = penalisable[k] === 1 && Math.abs(beta[k]) < tau ? lambda : 0;
      if (weights[k] !== previous[k]) same = false;
    }
    if (same) break;
    previous.set(weights);
    proxNewtonBox(f, beta, lo, hi, weights);
  }
  return beta;
}

/** The TLP penalty λ·Σ_{k ∈ P} min(|β_k|, τ). */
export function tlpPenalty(beta: ArrayLike<number>, lambda: number, tau: number, penalisable: Uint8Array): number {
  let p = 0;
  for (let k = 0; k < beta.length; k++) if (penalisable[k] === 1) p += Math.min(Math.abs(beta[k]), tau);
  return lambda * p;
}
