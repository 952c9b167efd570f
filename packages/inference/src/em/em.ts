import { createRng, type Dataset } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type ModelInstance } from '@latentkit/registry';
import { drive, type DriveResult } from '../driver/drive.js';
import { disposeAll } from '../driver/tensor-state.js';
import { meta } from '../meta.js';

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
  const terms = model.terms.em;
  if (!terms) throw new Error('inference/em needs a model that provides EM terms (prepare, init, eStep, mStep)');
  const t0 = performance.now();
  const restarts = Math.max(1, model.restarts ?? 1);
  const rngs = createRng(options.seed).split(restarts);
  const prepared = terms.prepare(data);
  let best: DriveResult<S> | undefined;
  let bestRestart = 0;
  const trace: DriveResult<S>['trace'] = [];
  try {
    for (let r = 0; r < restarts; r++) {
      const run = await drive<S>(
        {
          init: () => terms.init(prepared, rngs[r]),
          step: (state) => {
            const { stats, objective } = terms.eStep(state, prepared);
            return { state: terms.mStep(state, stats, prepared), objective };
          },
        },
        {
          maxIter: options.maxIter,
          tol: options.tol,
          signal: options.signal,
          onStep: options.onStep,
          yieldEvery: options.yieldEvery,
          restart: r,
          restarts,
          label: 'inference/em',
        },
      );
      trace.push(...run.trace);
      if (!best || (run.iterations > 0 && !(run.objective <= best.objective)) || best.iterations === 0) {
        if (best) disposeAll(best.state);
        best = run;
        bestRestart = r;
      } else {
        disposeAll(run.state);
      }
      if (run.cancelled) break;
    }
  } catch (e) {
    if (best) disposeAll(best.state);
    throw e;
  } finally {
    disposeAll(prepared);
  }
  return {
    state: best!.state,
    trace,
    iterations: best!.iterations,
    converged: best!.converged,
    cancelled: best!.cancelled || Boolean(options.signal?.aborted),
    objective: best!.objective,
    seconds: (performance.now() - t0) / 1000,
    engine: 'inference/em',
    seed: options.seed,
    bestRestart,
  };
}

/** The EM engine plugin (`inference/em`). */
export const em = defineInference({
  meta: { ...meta, id: 'em', namespace: 'inference', apiVersion: API_VERSION, description: 'Expectation–maximisation with restarts' },
  requires: ['em'],
  defaults: { maxIter: 100, tol: 1e-3 },
  fit: fitEm,
});

export default em;
