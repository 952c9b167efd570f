import { createRng, type Dataset } from '@latentkit/core';
import type { ModelInstance } from '@latentkit/registry';
import { requireTerms } from '../driver/restarts.js';
import { disposeAll } from '../driver/tensor-state.js';

/**
 * The ELBO and, with `iwaeSamples` = k ≥ 1, the importance-weighted bound
 * L_k = E[log (1/k)·Σ_j p(x, z_j)/q(z_j | x)] (z_j ~ q(z | x)), both as means per row of `data` (nats), for a
 * state fitted by `inference/vi`. L_1 is the ELBO, L_k ≤ L_{k+1} ≤ log p(x), and L_k → log p(x) as k → ∞
 * (Burda et al. 2016, Theorem 1). Prepares `data` with the model's terms and frees it afterwards.
 *
 * References: Y. Burda, R. Grosse and R. Salakhutdinov, "Importance weighted autoencoders", ICLR 2016.
 * @example
 * ```ts
 * const { elbo, iwae } = evaluateVi(instance, result.state, testData, { seed: 0, iwaeSamples: 1000 });
 * ```
 */
export function evaluateVi<P, S>(
  model: ModelInstance<P, S>,
  state: S,
  data: Dataset,
  opts: { seed: number; iwaeSamples?: number },
): {
  /** L_1, the ELBO, mean per row (nats). */
  elbo: number;
  /** L_k with k = `iwaeSamples`, mean per row (nats); absent without `iwaeSamples`. */
  iwae?: number;
} {
  const terms = requireTerms(model.terms.vi, 'inference/vi', 'VI terms (prepare, nRows, init, variables, loss, evaluate)');
  if (opts.iwaeSamples !== undefined && !(Number.isInteger(opts.iwaeSamples) && opts.iwaeSamples >= 1)) {
    throw new Error(`inference/vi: iwaeSamples must be an integer >= 1, got ${opts.iwaeSamples}`);
  }
  const prepared = terms.prepare(data);
  try {
    return terms.evaluate(state, prepared, { rng: createRng(opts.seed), ...(opts.iwaeSamples !== undefined && { iwaeSamples: opts.iwaeSamples }) });
  } finally {
    disposeAll(prepared);
  }
}
