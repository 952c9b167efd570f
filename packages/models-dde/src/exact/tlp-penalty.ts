import type { DdeState } from '../dde-state.js';
import { perLayer } from '../dde-resolve.js';

/**
 * The truncated-lasso penalty of a state, Σ_d λ_d·Σ_{slopes β of layer d} min(|β|, τ_d) (slopes only, the paper's
 * form; ALGORITHMS.md §2.4 step 3, §2.9 item 4), with λ and τ per layer or one for all.
 */
export function tlpPenalty(state: Pick<DdeState, 'layers'>, lambda: readonly number[], tau: readonly number[]): number {
  let total = 0;
  state.layers.forEach((layer, L) => {
    const l = perLayer(lambda, L + 1, 'lambda');
    const t = perLayer(tau, L + 1, 'tau');
    for (const row of layer.coefficients) for (let k = 1; k < row.length; k++) total += l * Math.min(Math.abs(row[k]), t);
  });
  return total;
}
