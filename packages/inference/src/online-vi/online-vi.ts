import { createRng, restoreRng, type Dataset, type DenseDataset, type Rng, type RngState, type RowSource } from '@latentkit/core';
import { API_VERSION, defineInference, int, real, type EngineOptions, type FitResult, type ModelInstance, type ParamSpecs } from '@latentkit/registry';
import { iterationSpecs, type IterationParams } from '../driver/common-params.js';
import { engineParamsOf } from '../driver/engine-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { disposeReplaced } from '../driver/tensor-state.js';
import { streamPlaceholder } from '../em/em-stream.js';
import { meta } from '../meta.js';

/** Minibatch schedule of `inference/online-vi` (scikit-learn LDA's names). */
export type OnlineViParams = IterationParams & {
  /** Documents (rows) per minibatch update (≥ 1; default 128). */
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
    prepare: (d, context) => terms.prepare(d, context),
    ...(terms.release ? { release: (prepared) => terms.release!(prepared) } : {}),
    stepper: (prepared, rng) => {
      const n = terms.nRows(prepared);
      const c = new ScheduleCounters(done, rng);
      return {
        init: () => terms.init(prepared, c.gen),
        save: () => c.save(),
        restore: (saved) => c.restore(saved),
        step: (state) => {
          // Synchronous while the terms are (the driver's tidy then covers the pass); asynchronous from the first
          // update or objective that returns a promise.
          let current = state;
          let start = 0;
          const advance = (next: S) => {
            if (current !== state) disposeReplaced(current, next);
            current = next;
          };
          const finish = (objective: number) => ({ state: current, objective });
          const rest = async (pending: Promise<S>) => {
            advance(await pending);
            for (; start < n; start += schedule.batchSize) advance(await update());
            return finish(await terms.objective(current, prepared));
          };
          const update = () => {
            const batch = Int32Array.from({ length: Math.min(schedule.batchSize, n - start) }, (_, i) => start + i);
            return terms.update(current, prepared, batch, c.nextStep(schedule), c.gen);
          };
          for (; start < n;) {
            const next = update();
            start += schedule.batchSize;
            if (next instanceof Promise) return rest(next);
            advance(next);
          }
          const objective = terms.objective(current, prepared);
          return objective instanceof Promise ? objective.then(finish) : finish(objective);
        },
      };
    },
  });
}

/** The step counter t and the generator of one run, saved in checkpoints. */
class ScheduleCounters {
  t: number;
  gen: Rng;
  constructor(t: number, gen: Rng) {
    this.t = t;
    this.gen = gen;
  }
  /** ρ_t of the next update (t is incremented first). */
  nextStep(schedule: Pick<OnlineViParams, 'learningOffset' | 'learningDecay'>): number {
    this.t += 1;
    return stepSize(this.t, schedule);
  }
  save(): { t: number; rng: RngState } {
    return { t: this.t, rng: this.gen.state() };
  }
  restore(saved: unknown): void {
    const s = saved as { t: number; rng: RngState };
    this.t = s.t;
    this.gen = restoreRng(s.rng);
  }
}

/**
 * Online VI on rows streamed from `source` (`inference/online-vi`'s `fitStream`): the model's
 * `OnlineViTerms.stream.prepare` reads the source in its passes, then each iteration reads it once in consecutive
 * minibatches of `batchSize` rows (in row order, as in memory, across the source's blocks), updates on each with
 * ρ_t, and evaluates the model's streamed objective. Cancellation takes effect between passes.
 */
export async function fitOnlineViStream<P, S>(model: ModelInstance<P, S>, source: RowSource, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.onlineVi, KEY, 'online VI terms (prepare, nRows, init, update, objective)');
  const stream = requireTerms(terms.stream, KEY, 'streamed online VI terms (onlineVi.stream)');
  const data = streamPlaceholder(source);
  const schedule = engineParamsOf(KEY, onlineVi, model, options, data);
  const done = options.initialState !== undefined ? (terms.updatesDone?.(options.initialState as S) ?? 0) : 0;
  const restarts = options.initialState !== undefined ? 1 : Math.max(1, model.restarts ?? 1);
  const prepared: unknown = await stream.prepare(source, { rngs: createRng(options.seed).split(restarts) });
  return runWithRestarts(model, data, options, {
    key: KEY,
    prepare: () => prepared,
    stepper: (p, rng) => {
      const c = new ScheduleCounters(done, rng);
      return {
        init: () => stream.init(p, c.gen),
        save: () => c.save(),
        restore: (saved) => c.restore(saved),
        step: async (state: S) => {
          let current = state;
          let first = 0;
          for await (const batch of minibatches(source, schedule.batchSize)) {
            const next = await stream.update(current, p, batch, first, c.nextStep(schedule), c.gen);
            first += batch.nRows;
            if (current !== state) disposeReplaced(current, next);
            current = next;
          }
          return { state: current, objective: await stream.objective(current, p) };
        },
      };
    },
  });
}

/**
 * One pass over `source` in consecutive minibatches of `size` rows (the last may be shorter), with their lines: views
 * of one buffer, refilled for the next minibatch (a minibatch of a document-term matrix is megabytes).
 */
export async function* minibatches(source: RowSource, size: number): AsyncIterable<DenseDataset> {
  const d = source.nCols;
  const values = new Float64Array(size * d);
  const lines = new Int32Array(size);
  let filled = 0;
  let hasLines = true;
  const batch = (rows: number): DenseDataset => ({
    kind: 'dense',
    nRows: rows,
    nCols: d,
    values: values.subarray(0, rows * d),
    columns: source.columns,
    source: source.source,
    ...(hasLines ? { lines: lines.subarray(0, rows) } : {}),
  });
  for await (const block of source.blocks()) {
    hasLines &&= block.lines !== undefined;
    for (let r = 0; r < block.nRows;) {
      const take = Math.min(size - filled, block.nRows - r);
      values.set(block.values.subarray(r * d, (r + take) * d), filled * d);
      if (block.lines) lines.set(block.lines.subarray(r, r + take), filled);
      filled += take;
      r += take;
      if (filled === size) {
        yield batch(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield batch(filled);
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
  fitStream: fitOnlineViStream,
});

export default onlineVi;
