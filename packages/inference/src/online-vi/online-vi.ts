import { restoreRng, type Dataset, type RngState } from '@latentkit/core';
import { API_VERSION, defineInference, int, real, type EngineOptions, type FitResult, type ModelInstance, type ParamSpecs } from '@latentkit/registry';
import { iterationSpecs, type IterationParams } from '../driver/common-params.js';
import { engineParamsOf } from '../driver/engine-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { disposeReplaced } from '../driver/tensor-state.js';
import { meta } from '../meta.js';

/** Minibatch schedule of `inference/online-vi` (scikit-learn LDA's names). */
export type OnlineViParams = IterationParams & {
  readonly batchSize: number;
  /** τ₀ ≥ 0: downweights early iterations. */
  readonly learningOffset: number;
  /** κ ∈ [0, 1] (convergence needs κ ∈ (0.5, 1]): forgetting rate. */
  readonly learningDecay: number;
};

const KEY = 'inference/online-vi';

const onlineViParamSpecs: ParamSpecs<OnlineViParams> = {
  ...iterationSpecs('passes over the data'),
  batchSize: int({ min: 1, description: 'Rows per minibatch update.' }),
  learningOffset: real({ min: 0, description: 'tau0 of the step size (tau0 + t)^(-kappa): downweights early updates.' }),
  learningDecay: real({ min: 0, max: 1, description: 'kappa of the step size (tau0 + t)^(-kappa): the forgetting rate (convergence needs kappa > 0.5).' }),
};

/**
 * Step size of the t-th minibatch update (t = 1, 2, …): ρ_t = (τ₀ + t)^(−κ), with τ₀ = learningOffset and
 * κ = learningDecay. With κ ∈ (0.5, 1] the Robbins–Monro conditions Σρ = ∞, Σρ² < ∞ hold.
 */
export function stepSize(t: number, schedule: Pick<OnlineViParams, 'learningOffset' | 'learningDecay'>): number {
  return Math.pow(schedule.learningOffset + t, -schedule.learningDecay);
}

/**
 * Fit a model by stochastic (online) variational inference.
 *
 * Each iteration is one pass over the rows in minibatches of `batchSize`, in row order (as scikit-learn's online
 * LDA). For the t-th minibatch B the model replaces its global variational parameters λ by
 * λ ← (1 − ρ_t) λ + ρ_t λ̂_B, where λ̂_B is the optimum computed as if the whole data looked like B (a natural-gradient
 * step). After each pass the model's objective on the whole data is recorded; the fit stops when it changes by
 * less than `tol` or after `maxIter` passes. Continuing a fitted state (`options.initialState`), t counts on from
 * the updates the state has seen (`OnlineViTerms.updatesDone`, default 0).
 *
 * References: Hoffman, Blei & Bach (2010), "Online learning for latent Dirichlet allocation";
 * Hoffman, Blei, Wang & Paisley (2013), "Stochastic variational inference".
 */
export async function fitOnlineVi<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.onlineVi, KEY, 'online VI terms (prepare, nRows, init, update, objective)');
  const schedule = engineParamsOf(KEY, onlineVi, model, options, data);
  const done = options.initialState !== undefined ? (terms.updatesDone?.(options.initialState as S) ?? 0) : 0;
  return runWithRestarts(model, data, options, {
    key: KEY,
    prepare: (d) => terms.prepare(d),
    stepper: (prepared, rng) => {
      const n = terms.nRows(prepared);
      let t = done;
      let gen = rng;
      return {
        init: () => terms.init(prepared, gen),
        save: () => ({ t, rng: gen.state() }),
        restore: (saved) => {
          const s = saved as { t: number; rng: RngState };
          t = s.t;
          gen = restoreRng(s.rng);
        },
        step: (state) => {
          let current = state;
          for (let start = 0; start < n; start += schedule.batchSize) {
            const batch = Int32Array.from({ length: Math.min(schedule.batchSize, n - start) }, (_, i) => start + i);
            t += 1;
            const next = terms.update(current, prepared, batch, stepSize(t, schedule), gen);
            if (current !== state) disposeReplaced(current, next);
            current = next;
          }
          return { state: current, objective: terms.objective(current, prepared) };
        },
      };
    },
  });
}

/**
 * The online variational inference engine plugin (`inference/online-vi`): parameters `maxIter` (passes), `tol`,
 * `batchSize`, `learningOffset` and `learningDecay`; it `continues` a fitted state (scikit-learn's `partial_fit`).
 */
export const onlineVi = defineInference<OnlineViParams>({
  meta: { ...meta, id: 'online-vi', namespace: 'inference', apiVersion: API_VERSION, description: 'Stochastic (online) variational inference on minibatches' },
  params: onlineViParamSpecs,
  requires: ['onlineVi'],
  defaults: { maxIter: 10, tol: 1e-3, batchSize: 128, learningOffset: 10, learningDecay: 0.7 },
  continues: true,
  checkpoints: true,
  fit: fitOnlineVi,
});

export default onlineVi;
