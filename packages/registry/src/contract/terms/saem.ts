import type { Dataset, Rng } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';

/**
 * How the simulation step of `inference/saem` draws the latent variables:
 * - `'gibbs'`: a systematic-scan Gibbs sweep, each latent variable drawn from its full conditional given the current
 *   values of all the others (already updated ones included), which leaves the posterior invariant;
 * - `'reference-jacobi'`: every full conditional computed from the previous draw and all latents drawn at once (the
 *   synchronous update of the Deep Discrete Encoders reference code), which does not leave the posterior invariant
 *   when the latents are dependent; kept to reproduce that code.
 */
export type SaemSampler = 'gibbs' | 'reference-jacobi';

/** What the engine asks of one simulation step. */
export interface SaemSimulation {
  /** How the latents are drawn: `'gibbs'` (systematic scan, posterior-invariant) or `'reference-jacobi'` (all at once). */
  readonly sampler: SaemSampler;
  /** Number of draws C whose statistics are averaged (C = 1 in the reference code). */
  readonly samples: number;
}

/**
 * The terms of penalised stochastic-approximation EM (`inference/saem`; Delyon, Lavielle & Moulines 1999).
 *
 * Iteration t: draw latents given the current parameters (`simulate`, C draws, their complete-data statistics
 * averaged), update the running statistics s_t = (1 − γ_t)·s_{t−1} + γ_t·s̃_t (`average`; γ_t = 1/t makes s_t the
 * mean of all past draws' statistics, so Q_t(θ) = (1/t)·Σ_{u≤t} log p(x, z^(u); θ)), then maximise the model's
 * (penalised) complete-data objective at s_t (`maximise`). The engine stops when `change(θ_{t−1}, θ_t) ≤ tol` on
 * `patience` consecutive iterations after at least `minIter`, or at `maxIter`.
 *
 * The model owns everything model-specific (its chain of latent draws, the form of its statistics, its penalty
 * and thresholding); the engine owns the loop, the step sizes, the stopping rule and the randomness.
 * `Chain` is the current draw of the latents (with whatever the model keeps to move it cheaply); `Stats` the
 * complete-data sufficient statistics. Neither holds tensors the engine must dispose unless the model says so in
 * its own docs; plain float64 arrays are the usual form.
 */
export interface SaemTerms<S, Prepared = unknown, Chain = unknown, Stats = unknown> {
  /**
   * Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes); with
   * the fit's threads and signal, e.g. to put the rows of the simulation step on a block pool.
   */
  prepare(data: Dataset, context?: PrepareContext): Prepared;
  /** Free what `prepare` made besides tensors (worker threads); called once when the fit ends, also on error or cancel. */
  release?(prepared: Prepared): void | Promise<void>;
  /** Initial parameters and the initial draw of the latents (e.g. from a spectral initialisation). */
  init(
    prepared: Prepared,
    rng: Rng,
  ): {
    /** The initial parameters θ_0. */
    readonly state: S;
    /** The initial draw of the latents z^(0), which the first simulation step moves from. */
    readonly chain: Chain;
  };
  /**
   * Simulation step: C draws given `state`, their averaged statistics and the chain to continue from. It may return a
   * promise (draws on worker threads); it holds no tensor across an `await`. `rng` is this iteration's own generator:
   * a model that cuts its rows into blocks draws block b from child b of `rng.split(blocks)`, so that the draws do
   * not depend on how the blocks are spread over threads.
   */
  simulate(
    state: S,
    chain: Chain,
    prepared: Prepared,
    rng: Rng,
    simulation: SaemSimulation,
  ):
    | {
        /** The chain after the last of the C draws, what the next iteration continues from. */
        readonly chain: Chain;
        /** The complete-data sufficient statistics s̃_t, averaged over the C draws. */
        readonly stats: Stats;
      }
    | Promise<{
        /** The chain after the last of the C draws, what the next iteration continues from. */
        readonly chain: Chain;
        /** The complete-data sufficient statistics s̃_t, averaged over the C draws. */
        readonly stats: Stats;
      }>;
  /** Stochastic approximation: (1 − gamma)·running + gamma·fresh; `running` is undefined at t = 1. */
  average(running: Stats | undefined, fresh: Stats, gamma: number): Stats;
  /**
   * M-step: the parameters maximising the model's (penalised) complete-data objective at `stats`, starting from
   * `state`, and that objective's value per row at the new parameters (the trace's objective).
   */
  maximise(
    state: S,
    stats: Stats,
    prepared: Prepared,
  ): {
    /** The new parameters θ_t, maximising the (penalised) complete-data objective at the running statistics. */
    readonly state: S;
    /** That objective's value per row at θ_t, higher is better: the trace's objective. */
    readonly objective: number;
  };
  /** The stopping rule's distance between the parameters of consecutive iterations (documented by the model). */
  change(previous: S, next: S): number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/saem`, for a model with a simulation step of its latents and a penalised complete-data M-step. */
    readonly saem?: SaemTerms<S, any, any, any>;
  }
}
