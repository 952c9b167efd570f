import { restoreRng, type Rng, type RngState } from '@latentkit/core';
import type { ViTerms } from '@latentkit/registry';
import type { AsyncStepper, StepControl } from '../driver/drive.js';
import { disposeReplaced, tidyState } from '../driver/tensor-state.js';
import type { EstimatorInstance } from '../estimators/estimator-plugin.js';
import type { Optimizer } from './optimizer.js';
import { klWeightAt, learningRateAt, temperatureAt } from './schedules.js';
import { disposeSnapshot, restoreSnapshot, snapshotFromTree, snapshotTree, takeSnapshot, type StateSnapshot } from './state-snapshot.js';
import { trainingScheme } from './training-scheme.js';
import type { ViParams } from './vi-params.js';
import type { ViPool } from './vi-threads.js';

/** The training and (when early stopping) held-out data, each prepared by the model. */
export interface ViPrepared<P> {
  readonly train: P;
  readonly valid?: P;
}

/** One minibatch of an epoch: the rows `batch` of the prepared data `prepared`. */
export interface EpochBatch<P> {
  readonly prepared: P;
  readonly batch: Int32Array;
}

/**
 * The minibatches of one epoch, drawn with the epoch's shuffling generator: in memory the slices of a seeded
 * permutation of the prepared rows ({@link permutedBatches}); streamed, the batches of a pass through a shuffle buffer.
 */
export type EpochBatches<P> = (shuffleRng: Rng) => Iterable<EpochBatch<P>> | AsyncIterable<EpochBatch<P>>;

/** The in-memory epoch: `rng.permutation(n)` of the rows of `prepared`, cut into minibatches of `batchSize`. */
export function permutedBatches<P>(prepared: P, n: number, batchSize: number): EpochBatches<P> {
  return function* (rng) {
    const order = rng.permutation(n);
    for (let start = 0; start < n; start += batchSize) yield { prepared, batch: order.slice(start, Math.min(n, start + batchSize)) };
  };
}

/** What a checkpoint keeps of a VI run besides its state: where the epoch loop stands and what it carries over. */
interface ViSaved {
  readonly epoch: number;
  readonly step: number;
  readonly stopped: boolean;
  /** The generators of the minibatch order, the steps' random numbers and the held-out evaluation. */
  readonly rngs: readonly RngState[];
  /** Adam's moments and step counts, per variable in `terms.variables` order. */
  readonly optimizer: unknown;
  readonly scheme: unknown;
  /** Early stopping's best epoch so far: its objective, index and state. */
  readonly best?: { readonly value: number; readonly epoch: number; readonly state: unknown };
}

/** A driver stepper for one VI run, plus the release of what it owns outside the state. */
export interface ViStepper<S> extends AsyncStepper<S> {
  /** Dispose the optimiser's slots, the estimator's state and an unused best-epoch snapshot. */
  release(): void;
}

/**
 * The epoch loop of `inference/vi` for one run: each driver iteration is one pass over the training rows in
 * minibatches of a fresh seeded permutation (or those of `batches`: a streamed fit's shuffle buffer), run by `stepAsync`, which checks the fit's signal
 * and yields to the event loop between minibatches, so a cancelled fit stops within one minibatch and keeps the
 * variables after the last completed one. The objective is the mean training ELBO of the epoch's minibatches
 * or, with a held-out part, its ELBO after the epoch; then the best epoch's state is kept and restored when the run
 * stops (`patience` epochs without improvement, or the last epoch), and the last objective reports it.
 */
export function viStepper<S, P>(
  terms: ViTerms<S, P>,
  prepared: ViPrepared<P>,
  rng: Rng,
  settings: ViParams,
  estimator: EstimatorInstance,
  optimizer: Optimizer,
  batches?: EpochBatches<P>,
  pool?: (state: S) => ViPool,
): ViStepper<S> {
  const rngs = rng.split(4);
  const initRng = rngs[0];
  let [, shuffleRng, stepRng, evalRng] = rngs;
  const n = terms.nRows(prepared.train);
  if (!(n >= 1)) throw new Error('inference/vi: there are no training rows');
  const stepsPerEpoch = Math.ceil(n / settings.batchSize);
  const epochBatches = batches ?? permutedBatches(prepared.train, n, settings.batchSize);
  let epoch = 0;
  let step = 0;
  let best: { value: number; epoch: number; snapshot: StateSnapshot<S> } | undefined;
  let stopped = false;
  const scheme = trainingScheme(terms, settings, optimizer, pool);
  const trainables = (state: S) => [...terms.variables(state), ...estimator.variables()];

  const remember = (state: S, value: number) => {
    if (best && !(value > best.value)) return;
    const snapshot = takeSnapshot(state);
    if (best) disposeSnapshot(best.snapshot);
    best = { value, epoch, snapshot };
  };

  /**
   * One epoch as a generator: it yields the state after every minibatch (each minibatch runs in its own tf.tidy, so
   * every yielded state is complete and owns no temporaries) and returns the epoch's state and objective.
   */
  async function* epochUpdates(state: S): AsyncGenerator<S, { state: S; objective: number; extra?: Record<string, number> }, void> {
    const learningRate = learningRateAt(epoch, settings);
    let current = state;
    let total = 0;
    for await (const { prepared: rows, batch } of epochBatches(shuffleRng)) {
      const ctx = {
        rng: stepRng.fork(),
        estimator,
        klWeight: klWeightAt(step, stepsPerEpoch, settings),
        nParticles: settings.nParticles,
        temperature: temperatureAt(step, settings),
        step,
        epoch,
        training: true,
      };
      total += (await scheme.step(current, rows, batch, ctx, learningRate)) * batch.length;
      if (terms.afterStep) {
        const before = current;
        const next = tidyState(() => terms.afterStep!(before, rows, batch, ctx));
        if (before !== state) disposeReplaced(before, [next, state]);
        current = next;
      }
      step += 1;
      yield current;
    }
    let objective = total / n;
    if (prepared.valid) {
      const valid = prepared.valid;
      const evaluated = current;
      objective = tidyState(() => terms.evaluate(evaluated, valid, { rng: evalRng.fork() })).elbo;
      if (Number.isFinite(objective)) remember(current, objective);
      const waited = epoch - (best?.epoch ?? epoch);
      stopped = waited >= settings.patience;
      if ((stopped || epoch + 1 >= settings.maxIter) && best && best.epoch !== epoch) {
        const restored = restoreSnapshot(best.snapshot);
        if (current !== state) disposeReplaced(current, [restored, state]);
        current = restored;
        objective = best.value;
        best = undefined;
      }
    }
    epoch += 1;
    const extra = scheme.endEpoch();
    return { state: current, objective, ...(extra && { extra }) };
  }

  return {
    init: () => terms.init(prepared.train, initRng),
    // Between minibatches: stop on the signal with the state after the last one, and let the event loop run (so
    // that Ctrl-C, delivered as an event, can fire the signal during a long epoch).
    stepAsync: async (state: S, control: StepControl) => {
      const updates = epochUpdates(state);
      let last = state;
      try {
        let r = await updates.next();
        while (!r.done) {
          last = r.value;
          if (control.cancelled()) return { state: last, objective: Number.NaN, partial: true };
          await control.pause();
          if (control.cancelled()) return { state: last, objective: Number.NaN, partial: true };
          r = await updates.next();
        }
        return r.value;
      } catch (e) {
        if (last !== state) disposeReplaced(last, state);
        throw e;
      } finally {
        // A cancelled epoch closes its batches (a streamed pass its file); a finished one is closed already.
        await updates.return(undefined as never);
      }
    },
    ...(prepared.valid !== undefined && { done: () => stopped }),
    save: (state: S): ViSaved => ({
      epoch,
      step,
      stopped,
      rngs: [shuffleRng.state(), stepRng.state(), evalRng.state()],
      optimizer: optimizer.save(trainables(state)),
      scheme: scheme.save(),
      ...(best && { best: { value: best.value, epoch: best.epoch, state: snapshotTree(best.snapshot) } }),
    }),
    restore: (saved: unknown, state: S) => {
      const s = saved as ViSaved;
      epoch = s.epoch;
      step = s.step;
      stopped = s.stopped;
      [shuffleRng, stepRng, evalRng] = s.rngs.map((r) => restoreRng(r));
      optimizer.restore(trainables(state), s.optimizer);
      scheme.restore(s.scheme);
      if (s.best) best = { value: s.best.value, epoch: s.best.epoch, snapshot: snapshotFromTree(state, s.best.state) };
    },
    release: () => {
      if (best) disposeSnapshot(best.snapshot);
      best = undefined;
      optimizer.dispose();
      estimator.dispose();
    },
  };
}
