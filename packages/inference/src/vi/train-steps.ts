import { createRng } from '@latentkit/core';
import type { ViContext, ViObjectives, ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { EstimatorInstance } from '../estimators/estimator-plugin.js';
import { mgdaDirection, type TaskSpecificGrad } from '../multi-objective/mgda-direction.js';
import type { Optimizer } from './optimizer.js';

/** What a training step gets: the model's context with the engine's estimator instance. */
export type StepContext = ViContext & { readonly estimator: EstimatorInstance };

/** One minibatch of a run: the model, its state and rows, the step's context, and the optimiser with its step size. */
export interface StepArgs<S, P> {
  readonly terms: ViTerms<S, P>;
  readonly state: S;
  readonly prepared: P;
  readonly batch: Int32Array;
  readonly ctx: StepContext;
  readonly optimizer: Optimizer;
  readonly learningRate: number;
}

/**
 * The gradient of `surrogate`'s loss with respect to the model's and the estimator's variables, one optimiser update,
 * and the step's ELBO estimate and constraint value (read after the tape is gone).
 */
function gradientStep<S, P>(
  a: StepArgs<S, P>,
  surrogate: () => { loss: tf.Scalar; elbo: tf.Scalar; constraint?: tf.Scalar },
): { elbo: number; constraint?: number } {
  const variables = [...a.terms.variables(a.state), ...a.ctx.estimator.variables()];
  a.ctx.estimator.startStep();
  let elbo: tf.Scalar | undefined;
  let constraint: tf.Scalar | undefined;
  try {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const out = surrogate();
        elbo = tf.keep(out.elbo);
        if (out.constraint) constraint = tf.keep(out.constraint);
        return out.loss;
      }, variables);
      a.optimizer.apply(variables, grads, a.learningRate);
    });
    a.ctx.estimator.finishStep();
    return { elbo: elbo!.dataSync()[0], ...(constraint && { constraint: constraint.dataSync()[0] }) };
  } finally {
    elbo?.dispose();
    constraint?.dispose();
  }
}

/** One minibatch step on the model's surrogate loss (`ViTerms.loss`); returns the step's ELBO estimate. */
export function trainStep<S, P>(a: StepArgs<S, P>): number {
  return gradientStep(a, () => a.terms.loss(a.state, a.prepared, a.batch, a.ctx)).elbo;
}

function objectivesOf<S, P>(terms: ViTerms<S, P>, state: S, prepared: P, batch: Int32Array, ctx: ViContext): ViObjectives {
  const out = terms.objectives!(state, prepared, batch, ctx);
  if (!out.tasks.length) throw new Error("inference/vi: the model's objectives returned no tasks");
  return out;
}

/**
 * The names, per task in `tasks` order, of the variables only that task uses (`ViTerms.taskVariables`), and the
 * names of the shared rest of `variables`.
 */
function splitVariables(variables: readonly tf.Variable[], taskVariables: Readonly<Record<string, tf.Variable[]>>, tasks: readonly string[]) {
  const unknown = Object.keys(taskVariables).filter((t) => !tasks.includes(t));
  if (unknown.length)
    throw new Error(`inference/vi: taskVariables names task ${unknown.map((t) => `'${t}'`).join(', ')}, but the objectives have tasks ${tasks.join(', ')}`);
  const specific = tasks.map((t) => (taskVariables[t] ?? []).map((v) => v.name));
  const owned = new Set(specific.flat());
  return { specific, shared: variables.map((v) => v.name).filter((n) => !owned.has(n)) };
}

/**
 * One multiple-gradient-descent step: for each task k the gradient g_k of its loss with respect to every variable (one
 * tape per task, all with the same random numbers: `ctx.rng` is re-seeded alike for each pass), the min-norm weights α
 * of the g_k on the shared variables, the combined direction ({@link mgdaDirection}) and one optimiser update along it.
 * Returns the batch's ELBO and the weights by task name.
 */
export function mgdaStep<S, P>(a: StepArgs<S, P>, mode: TaskSpecificGrad): { elbo: number; weights: Record<string, number> } {
  const { terms, state, prepared, batch, ctx } = a;
  const variables = [...terms.variables(state), ...ctx.estimator.variables()];
  const seed = ctx.rng.seed;
  const taskGrads: tf.NamedTensorMap[] = [];
  let tasks: string[] = [];
  let elbo: tf.Scalar | undefined;
  try {
    for (let k = 0; k === 0 || k < tasks.length; k++) {
      ctx.estimator.startStep();
      const grads = tf.tidy(
        () =>
          tf.variableGrads(() => {
            const out = objectivesOf(terms, state, prepared, batch, { ...ctx, rng: createRng(seed) });
            const names = out.tasks.map((t) => t.name);
            if (k === 0) {
              tasks = names;
              elbo = tf.keep(out.elbo);
            } else if (names.join('\u0000') !== tasks.join('\u0000')) {
              throw new Error(`inference/vi: the objectives' tasks changed within a step (${tasks.join(', ')} then ${names.join(', ')})`);
            }
            return out.tasks[k].loss;
          }, variables).grads,
      );
      taskGrads.push(grads);
    }
    const { shared, specific } = splitVariables(variables, terms.taskVariables?.(state) ?? {}, tasks);
    const { direction, weights } = mgdaDirection(taskGrads, shared, specific, mode);
    try {
      a.optimizer.apply(variables, direction, a.learningRate);
    } finally {
      tf.dispose(direction);
    }
    ctx.estimator.finishStep();
    return { elbo: elbo!.dataSync()[0], weights: Object.fromEntries(tasks.map((t, k) => [t, weights[k]])) };
  } finally {
    for (const g of taskGrads) tf.dispose(g);
    elbo?.dispose();
  }
}

/**
 * One primal step of the constrained scheme: the gradient of Σ_k L_k + λ·R (the tasks' losses and the model's
 * constraint, `ViTerms.objectives`) and one optimiser update. Returns the batch's ELBO and the constraint's value R,
 * for the dual update.
 */
export function constrainedStep<S, P>(a: StepArgs<S, P>, multiplier: number): { elbo: number; constraint: number } {
  const { elbo, constraint } = gradientStep(a, () => {
    const out = objectivesOf(a.terms, a.state, a.prepared, a.batch, a.ctx);
    if (!out.constraint) throw new Error("inference/vi: training 'constrained' needs a constraint, but the model's objectives returned none");
    const total = out.tasks.reduce<tf.Scalar>((s, t) => tf.add(s, t.loss), tf.scalar(0));
    return { loss: tf.add(total, tf.mul(out.constraint, multiplier)), elbo: out.elbo, constraint: out.constraint };
  });
  return { elbo, constraint: constraint! };
}
