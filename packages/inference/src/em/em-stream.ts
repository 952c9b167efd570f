import { createRng, type DenseDataset, type RowSource } from '@latentkit/core';
import type { EmStepResult, EngineOptions, FitResult, ModelInstance } from '@latentkit/registry';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { tidyState } from '../driver/tensor-state.js';

/**
 * EM on rows streamed from `source` (`inference/em`'s `fitStream`): the model's `EmTerms.stream.prepare` reads the
 * source in its passes (handed the restarts' generators, copies of those `init` gets), then the shared driver runs
 * the restarts as `fitEm` does, with the streamed E-step (one pass over the source per iteration) when the terms
 * have one, else the in-memory E-step on the prepared statistics. The M-step is the in-memory one. Cancellation takes
 * effect between passes.
 */
export async function fitEmStream<P, S>(model: ModelInstance<P, S>, source: RowSource, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.em, 'inference/em', 'EM terms (prepare, init, eStep, mStep)');
  const stream = requireTerms(terms.stream, 'inference/em', 'streamed EM terms (em.stream)');
  const restarts = options.initialState !== undefined ? 1 : Math.max(1, model.restarts ?? 1);
  const prepared: unknown = await stream.prepare(source, { rngs: createRng(options.seed).split(restarts) });
  const init = stream.init ?? terms.init;
  const eStep = stream.eStep;
  return runWithRestarts(model, streamPlaceholder(source), options, {
    key: 'inference/em',
    prepare: () => prepared,
    stepper: (p, rng) =>
      eStep
        ? {
            init: () => init(p, rng),
            stepAsync: async (state: S) => {
              const { stats, objective } = await eStep(state, p);
              return { state: tidyState(() => terms.mStep(state, stats, p)), objective };
            },
          }
        : {
            init: () => init(p, rng),
            step: (state: S) => {
              const e = terms.eStep(state, p);
              const mStep = ({ stats, objective }: EmStepResult<unknown>) => ({ state: terms.mStep(state, stats, p), objective });
              // An asynchronous E-step settles outside the driver's tidy: the M-step gets its own.
              return e instanceof Promise ? e.then((r) => tidyState(() => mStep(r))) : mStep(e);
            },
          },
  });
}

/** The dataset a streamed fit hands the shared driver in place of the data: the source's columns, no rows. */
export function streamPlaceholder(source: RowSource): DenseDataset {
  return { kind: 'dense', nRows: 0, nCols: source.nCols, values: new Float64Array(0), columns: source.columns };
}
