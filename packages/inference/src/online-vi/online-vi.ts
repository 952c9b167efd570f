import type { Dataset } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type MinibatchSchedule, type ModelInstance } from '@latentkit/registry';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { disposeReplaced } from '../driver/tensor-state.js';
import { meta } from '../meta.js';

const DEFAULT_SCHEDULE: MinibatchSchedule = { batchSize: 128, learningOffset: 10, learningDecay: 0.7 };

/**
 * Step size of the t-th minibatch update (t = 1, 2, …): ρ_t = (τ₀ + t)^(−κ), with τ₀ = learningOffset and
 * κ = learningDecay. With κ ∈ (0.5, 1] the Robbins–Monro conditions Σρ = ∞, Σρ² < ∞ hold.
 */
export function stepSize(t: number, schedule: MinibatchSchedule): number {
  return Math.pow(schedule.learningOffset + t, -schedule.learningDecay);
}

/**
 * Fit a model by stochastic (online) variational inference.
 *
 * Each iteration is one pass over the rows in minibatches of `batchSize`, in row order (as scikit-learn's online
 * LDA). For the t-th minibatch B the model replaces its global variational parameters λ by
 * λ ← (1 − ρ_t) λ + ρ_t λ̂_B, where λ̂_B is the optimum computed as if the whole data looked like B (a natural-gradient
 * step). After each pass the model's objective on the whole data is recorded; the fit stops when it changes by
 * less than `tol` or after `maxIter` passes.
 *
 * References: Hoffman, Blei & Bach (2010), "Online learning for latent Dirichlet allocation";
 * Hoffman, Blei, Wang & Paisley (2013), "Stochastic variational inference".
 */
export async function fitOnlineVi<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.onlineVi, 'inference/online-vi', 'online VI terms (prepare, nRows, init, update, objective)');
  const schedule = model.schedule ?? DEFAULT_SCHEDULE;
  return runWithRestarts(model, data, options, {
    key: 'inference/online-vi',
    prepare: (d) => terms.prepare(d),
    stepper: (prepared, rng) => {
      const n = terms.nRows(prepared);
      // Continuing a fitted state (registry.continueFit): the step-size counter resumes after its updates.
      let t = options.initialState !== undefined ? (terms.updatesDone?.(options.initialState as S) ?? 0) : 0;
      return {
        init: () => terms.init(prepared, rng),
        step: (state) => {
          let current = state;
          for (let start = 0; start < n; start += schedule.batchSize) {
            const batch = Int32Array.from({ length: Math.min(schedule.batchSize, n - start) }, (_, i) => start + i);
            t += 1;
            const next = terms.update(current, prepared, batch, stepSize(t, schedule), rng);
            if (current !== state) disposeReplaced(current, next);
            current = next;
          }
          return { state: current, objective: terms.objective(current, prepared) };
        },
      };
    },
  });
}

/** The online variational inference engine plugin (`inference/online-vi`). */
export const onlineVi = defineInference({
  meta: { ...meta, id: 'online-vi', namespace: 'inference', apiVersion: API_VERSION, description: 'Stochastic (online) variational inference on minibatches' },
  params: {},
  requires: ['onlineVi'],
  continues: true,
  defaults: { maxIter: 10, tol: 1e-3 },
  fit: fitOnlineVi,
});

export default onlineVi;
