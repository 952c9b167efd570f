import type { ChildObjective } from './child-objective.js';

/** Iteration limits of {@link proxNewtonBox}. */
export const PROX_NEWTON_LIMITS = { newton: 30, passes: 100, halvings: 30, tol: 1e-9 } as const;

const penalised = (f: ChildObjective, beta: Float64Array, weights: Float64Array): number => {
  let v = f.value(beta);
  for (let k = 0; k < beta.length; k++) v += weights[k] * Math.abs(beta[k]);
  return v;
};

/**
 * Minimise the convex F(β) = f(β) + Σ_k w_k·|β_k| subject to lo ≤ β ≤ hi by proximal Newton, in place from the
 * warm start `beta` (first clamped into the box). Each step minimises the quadratic model
 * gᵀδ + ½δᵀHδ + Σ w_k|β_k + δ_k| in the box by cyclic coordinate descent (the exact one-dimensional minimiser:
 * soft-threshold by w_k/H_kk, then clamp; at most 100 passes, until no coordinate moves by 1e-12), then backtracks
 * (halving, at most 30 times) until F does not increase. Stops after 30 Newton steps or when a step moves no
 * coordinate by more than 1e-9. For a quadratic f (Normal children) the first step is exact.
 */
export function proxNewtonBox(f: ChildObjective, beta: Float64Array, lo: Float64Array, hi: Float64Array, weights: Float64Array): Float64Array {
  const n = f.size;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n * n);
  const y = new Float64Array(n);
  const hd = new Float64Array(n);
  const cand = new Float64Array(n);
  for (let k = 0; k < n; k++) beta[k] = Math.min(hi[k], Math.max(lo[k], beta[k]));
  let current = penalised(f, beta, weights);
  for (let it = 0; it < PROX_NEWTON_LIMITS.newton; it++) {
    f.gradHess(beta, grad, hess);
    let trace = 0;
    for (let k = 0; k < n; k++) trace += hess[k * n + k];
    const ridge = 1e-10 * (1 + trace / n);
    y.set(beta);
    hd.fill(0);
    for (let pass = 0; pass < PROX_NEWTON_LIMITS.passes; pass++) {
      let moved = 0;
      for (let k = 0; k < n; k++) {
        const a = hess[k * n + k] + ridge;
        const b = grad[k] + hd[k] - hess[k * n + k] * (y[k] - beta[k]);
        let u = beta[k] - b / a;
        if (weights[k] > 0) u = Math.sign(u) * Math.max(Math.abs(u) - weights[k] / a, 0);
        u = Math.min(hi[k], Math.max(lo[k], u));
        const delta = u - y[k];
        if (delta !== 0) {
          y[k] = u;
          for (let l = 0; l < n; l++) hd[l] += hess[l * n + k] * delta;
          moved = Math.max(moved, Math.abs(delta));
        }
      }
      if (moved < 1e-12) break;
    }
    let t = 1;
    let accepted = false;
    for (let h = 0; h < PROX_NEWTON_LIMITS.halvings; h++, t /= 2) {
      for (let k = 0; k < n; k++) cand[k] = beta[k] + t * (y[k] - beta[k]);
      const value = penalised(f, cand, weights);
      if (value <= current + 1e-12 * (1 + Math.abs(current))) {
        current = value;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    let step = 0;
    for (let k = 0; k < n; k++) {
      step = Math.max(step, Math.abs(cand[k] - beta[k]));
      beta[k] = cand[k];
    }
    if (step < PROX_NEWTON_LIMITS.tol) break;
  }
  return beta;
}
