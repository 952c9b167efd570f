import type { Dataset, Rng } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type ModelInstance, type SaemTerms } from '@latentkit/registry';
import type { SyncStepper } from '../driver/drive.js';
import { engineParamsOf } from '../driver/engine-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { disposeReplaced } from '../driver/tensor-state.js';
import { meta } from '../meta.js';
import { saemDefaults, saemParamSpecs, saemStepSize, type SaemParams } from './saem-params.js';

const KEY = 'inference/saem';

/**
 * What the SAEM loop carries from one iteration to the next: the model's parameters, the chain of latent draws,
 * the running statistics s_t, the iteration t, the last change of the parameters and how many consecutive
 * iterations (ending at t) changed them by at most `tol`.
 */
export interface SaemLoopState<S, Chain, Stats> {
  /** The model's parameters θ_t. */
  readonly state: S;
  /** The latent draws of the simulation step, carried to the next one. */
  readonly chain: Chain;
  /** The running statistics s_t; undefined before the first iteration. */
  readonly stats: Stats | undefined;
  /** The iteration t (0 at the start). */
  readonly t: number;
  /** change(θ_{t−1}, θ_t) of the last iteration (NaN at the start). */
  readonly change: number;
  /** Consecutive iterations, ending at t, whose change was ≤ `tol`. */
  readonly settled: number;
}

/**
 * The driver stepper of one SAEM run: iteration t draws {chain, s̃_t} = simulate(θ_{t−1}, chain), averages
 * s_t = average(s_{t−1}, s̃_t, γ_t) with γ_t = {@link saemStepSize}, maximises θ_t = maximise(θ_{t−1}, s_t), and
 * records change(θ_{t−1}, θ_t) (also in the trace entry, `extra.change`). `done` stops at the first t ≥ minIter whose last `patience` changes were all ≤ tol.
 * Each init and simulation step draws from its own child generator of `rng`. A simulation step that returns a promise
 * (the terms' draws on worker threads) makes the step asynchronous; the rest of the iteration runs when it settles.
 */
export function saemStepper<S, Prepared, Chain, Stats>(
  terms: SaemTerms<S, Prepared, Chain, Stats>,
  prepared: Prepared,
  rng: Rng,
  params: SaemParams,
): SyncStepper<SaemLoopState<S, Chain, Stats>> {
  const simulation = { sampler: params.sampler, samples: params.samples };
  return {
    init: () => {
      const { state, chain } = terms.init(prepared, rng.fork());
      return { state, chain, stats: undefined, t: 0, change: Number.NaN, settled: 0 };
    },
    step: (loop) => {
      const t = loop.t + 1;
      const after = (draw: { readonly chain: Chain; readonly stats: Stats }) => {
        const stats = terms.average(loop.stats, draw.stats, saemStepSize(t, params));
        const { state, objective } = terms.maximise(loop.state, stats, prepared);
        const change = terms.change(loop.state, state);
        const settled = change <= params.tol ? loop.settled + 1 : 0;
        return { state: { state, chain: draw.chain, stats, t, change, settled }, objective, extra: { change } };
      };
      const draw = terms.simulate(loop.state, loop.chain, prepared, rng.fork(), simulation);
      return draw instanceof Promise ? draw.then(after) : after(draw);
    },
    done: (loop) => loop.t >= params.minIter && loop.settled >= params.patience,
  };
}

/**
 * Fit a model by (penalised) stochastic-approximation EM (Delyon, Lavielle & Moulines 1999) with the shared driver.
 *
 * Iteration t = 1, 2, …: simulate C draws of the latents given θ_{t−1} (the terms' `simulate`, with the `sampler` and
 * `samples` parameters), update the running complete-data statistics s_t = (1 − γ_t)·s_{t−1} + γ_t·s̃_t, and maximise
 * the model's (penalised) complete-data objective at s_t. Step sizes γ_t = 1 for t ≤ burnIn, then
 * (t − burnIn)^(−stepExponent); the default γ_t = 1/t makes s_t the mean of all draws' statistics.
 *
 * The objective (per row, at θ_t, as the terms' `maximise` returns it) is traced but is not monotone, so it does not
 * stop the fit; the stopping rule is the model's parameter change: stop at the first t ≥ minIter at which
 * change(θ_{u−1}, θ_u) ≤ tol for the last `patience` iterations u ≤ t, or at maxIter. Each trace entry records the
 * change as `extra.change`. The terms' `prepare` gets the fit's threads (`options.threads`): a model may draw its rows
 * in fixed blocks on worker threads, each block from its own child of the iteration's generator, so that the draws do
 * not depend on the thread count (`dde/dde` does). Restarts (`model.restarts`) run from child seeds and keep the run with the
 * highest final objective; cancellation keeps the parameters of the last completed iteration. The result's `state`
 * is the model's parameters only: the chain and the running statistics are not saved, so the engine does not
 * continue a fitted state.
 *
 * References: Delyon, Lavielle & Moulines (1999), "Convergence of a stochastic approximation version of the EM
 * algorithm"; Lee & Gu (2025), "Deep Discrete Encoders" (penalised SAEM).
 */
export async function fitSaem<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.saem, KEY, 'SAEM terms (prepare, init, simulate, average, maximise, change)');
  if (options.initialState !== undefined) throw new Error(`${KEY} cannot continue a fitted state: its chain and running statistics are not saved`);
  const params = engineParamsOf<SaemParams>(KEY, saem, model as ModelInstance<unknown, unknown>, options, data);
  const result = await runWithRestarts(
    model as unknown as ModelInstance<P, SaemLoopState<S, unknown, unknown>>,
    data,
    { ...options, maxIter: params.maxIter, tol: params.tol },
    {
      key: KEY,
      tol: -Infinity,
      prepare: (d, context) => terms.prepare(d, context),
      ...(terms.release && { release: (p: unknown) => terms.release!(p) }),
      stepper: (prepared, rng) => saemStepper(terms, prepared, rng, params),
    },
  );
  disposeReplaced(result.state, result.state.state);
  return { ...result, state: result.state.state };
}

/**
 * The SAEM engine plugin (`inference/saem`) for models with {@link SaemTerms}: parameters `maxIter`, `tol` (on the
 * model's parameter change), `sampler`, `samples`, `minIter`, `patience`, `burnIn` and `stepExponent`
 * ({@link SaemParams}). It does not `continue` a fitted state.
 */
export const saem = defineInference<SaemParams>({
  meta: {
    ...meta,
    id: 'saem',
    namespace: 'inference',
    apiVersion: API_VERSION,
    description: 'Stochastic-approximation EM (simulation step, running statistics, M-step) with a parameter-change stopping rule',
  },
  params: saemParamSpecs,
  requires: ['saem'],
  defaults: saemDefaults,
  continues: false,
  fit: fitSaem,
});

export default saem;
