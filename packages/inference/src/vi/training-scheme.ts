import type { ViTerms } from '@latentkit/registry';
import { initialDual, updateDual, type DualSettings, type DualState } from '../multi-objective/lagrangian-dual.js';
import type { Optimizer } from './optimizer.js';
import { constrainedStep, mgdaStep, trainStep, type StepContext } from './train-steps.js';
import type { ViParams } from './vi-params.js';
import { subBlockStep, VI_SUB_BLOCK, type ViPool } from './vi-threads.js';

/** How one run of `inference/vi` takes its minibatch steps (the `training` parameter), and what it records per epoch. */
export interface TrainingScheme<S, P> {
  /** One minibatch update; returns the batch's ELBO estimate (a promise when its sub-blocks run on a block pool). */
  step(state: S, prepared: P, batch: Int32Array, ctx: StepContext, learningRate: number): number | Promise<number>;
  /** The values for the epoch's `TraceEntry.extra` (none for 'weighted'); the next epoch starts afresh. */
  endEpoch(): Record<string, number> | undefined;
  /** What carries over from one epoch to the next (the constrained scheme's dual state), for a checkpoint. */
  save(): unknown;
  restore(saved: unknown): void;
}

/** The dual settings of {@link ViParams} with 'constrained'. */
export const dualSettingsOf = (s: ViParams): DualSettings => ({
  bound: s.constraintBound,
  learningRate: s.dualLearningRate,
  update: s.dualUpdate,
  smoothing: s.constraintSmoothing,
  initialMultiplier: s.initialMultiplier,
});

/**
 * The scheme of `settings.training`: 'weighted' (the model's `loss`), 'mgda' (records the epoch's mean MGDA weight of
 * each task as `mgda.<task>`) or 'constrained' (keeps the multiplier λ across epochs and records λ as `lambda` and the
 * smoothed constraint R̄ as `constraint` at the end of each epoch). With `pool` ('weighted' only), a minibatch longer
 * than one sub-block takes its gradient by sub-blocks on the pool ({@link subBlockStep}).
 */
export function trainingScheme<S, P>(terms: ViTerms<S, P>, settings: ViParams, optimizer: Optimizer, pool?: (state: S) => ViPool): TrainingScheme<S, P> {
  if (settings.training === 'mgda') {
    let sums = new Map<string, number>();
    let steps = 0;
    return {
      step: (state, prepared, batch, ctx, lr) => {
        const { elbo, weights } = mgdaStep({ terms, state, prepared, batch, ctx, optimizer, learningRate: lr }, settings.taskSpecificGrad);
        for (const [task, w] of Object.entries(weights)) sums.set(task, (sums.get(task) ?? 0) + w);
        steps += 1;
        return elbo;
      },
      endEpoch: () => {
        const extra = Object.fromEntries([...sums].map(([task, w]) => [`mgda.${task}`, w / steps]));
        sums = new Map();
        steps = 0;
        return extra;
      },
      save: () => null,
      restore: () => {},
    };
  }
  if (settings.training === 'constrained') {
    const dualSettings = dualSettingsOf(settings);
    let dual = initialDual(dualSettings);
    return {
      step: (state, prepared, batch, ctx, lr) => {
        const { elbo, constraint } = constrainedStep({ terms, state, prepared, batch, ctx, optimizer, learningRate: lr }, dual.multiplier);
        dual = updateDual(dual, constraint, dualSettings);
        return elbo;
      },
      endEpoch: () => ({ lambda: dual.multiplier, ...(dual.smoothed !== undefined && { constraint: dual.smoothed }) }),
      save: () => dual,
      restore: (saved) => {
        dual = saved as DualState;
      },
    };
  }
  return {
    step: (state, prepared, batch, ctx, lr) => {
      const args = { terms, state, prepared, batch, ctx, optimizer, learningRate: lr };
      return pool && batch.length > VI_SUB_BLOCK ? subBlockStep(args, pool(state)) : trainStep(args);
    },
    endEpoch: () => undefined,
    save: () => null,
    restore: () => {},
  };
}
