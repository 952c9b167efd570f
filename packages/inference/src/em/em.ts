import type { Dataset } from '@latentkit/core';
import { API_VERSION, defineInference, type EmStepResult, type EngineOptions, type FitResult, type ModelInstance } from '@latentkit/registry';
import { iterationSpecs } from '../driver/common-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { tidyState } from '../driver/tensor-state.js';
import { meta } from '../meta.js';
import { fitEmStream } from './em-stream.js';

/**
 * Fit a model by expectation–maximisation with the shared driver.
 *
 * Each iteration computes the E-step at the current parameters θ_t, which yields the objective
 * L(θ_t) (for mixtures, the mean log-likelihood (1/N) Σ_i log p(x_i | θ_t)) and the expected sufficient statistics,
 * then the M-step θ_{t+1} = argmax_θ E_{q_t}[log p(x, z | θ)]. EM never decreases L, which the conformance suite checks.
 * Stops when |L(θ_t) − L(θ_{t−1})| < tol or after maxIter iterations. With `model.restarts = n > 1` it runs n
 * initialisations from independent child seeds and keeps the one with the highest final objective
 * (scikit-learn's `n_init`).
 *
 * References: Dempster, Laird & Rubin (1977), "Maximum likelihood from incomplete data via the EM algorithm".
 */
export async function fitEm<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.em, 'inference/em', 'EM terms (prepare, init, eStep, mStep)');
  return runWithRestarts(model, data, options, {
    key: 'inference/em',
    prepare: (d, context) => terms.prepare(d, context),
    ...(terms.release ? { release: (prepared) => terms.release!(prepared) } : {}),
    stepper: (prepared, rng) => ({
      init: () => terms.init(prepared, rng),
      step: (state) => {
        const e = terms.eStep(state, prepared);
        const mStep = ({ stats, objective }: EmStepResult<unknown>) => ({ state: terms.mStep(state, stats, prepared), objective });
        // An asynchronous E-step settles outside the driver's tidy: the M-step gets its own.
        return e instanceof Promise ? e.then((r) => tidyState(() => mStep(r))) : mStep(e);
      },
    }),
  });
}

/**
 * The EM engine plugin (`inference/em`): parameters `maxIter` (EM steps per run) and `tol`. It `continues` a fitted
 * model's state (`registry.continueFit`): k steps, then n − k more from that state, give the state of n steps.
 * It fits streamed rows (`Model.fitStream`) for models whose EM terms declare `stream` ({@link fitEmStream}).
 */
export const em = defineInference({
  meta: { ...meta, id: 'em', namespace: 'inference', apiVersion: API_VERSION, description: 'Expectation–maximisation with restarts' },
  params: iterationSpecs('EM steps per run'),
  requires: ['em'],
  defaults: { maxIter: 100, tol: 1e-3 },
  continues: true,
  checkpoints: true,
  fit: fitEm,
  fitStream: fitEmStream,
});

export default em;
