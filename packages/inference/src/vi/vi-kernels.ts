import { createRng, loadKernelModule, restoreRng, type HeldBlock, type RngState } from '@latentkit/core';
import type { EstimatorInstance, ViContext, ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { estimatorPlugin } from '../estimators/estimator-plugins.js';

/** A sub-block slot of the minibatches: slot j takes rows j·S … (j + 1)·S − 1 of every minibatch. */
export interface ViSlot {
  readonly slot: number;
}

/** What one gradient step sends every thread. */
export interface ViGradientPayload {
  /** The model's module of terms (`ViThreadTerms.module`), its `args`, and, in the calling thread only, the module itself. */
  readonly model: { readonly id: string; readonly url: string };
  readonly local?: Readonly<Record<string, unknown>>;
  readonly args: unknown;
  /** A built-in, stateless estimator and its parameters. */
  readonly estimator: { readonly key: string; readonly params: Readonly<Record<string, unknown>> };
  /** The model's weights in `variables` order, and their shapes. */
  readonly weights: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
  /** The minibatch's rows (`ViThreadTerms.rows`) and their number B. */
  readonly rows: unknown;
  readonly batchRows: number;
  /** Rows per sub-block S. */
  readonly subBlock: number;
  /** The step's context without its generator and estimator. */
  readonly ctx: Omit<ViContext, 'rng' | 'estimator' | 'training'>;
  /** The step's generator: sub-block j draws from child j of `split(subBlocks)` of it. */
  readonly rng: RngState;
  readonly subBlocks: number;
}

/** One sub-block's gradient (Float32Arrays in `variables` order, null where the loss does not use a variable), its loss and ELBO (means over its n rows). */
export interface ViSubBlockGradient {
  readonly grads: (Float32Array | null)[];
  readonly loss: number;
  readonly elbo: number;
  readonly n: number;
}

interface ThreadModel {
  readonly key: string;
  readonly terms: ViTerms<unknown, unknown>;
  readonly state: unknown;
  readonly variables: tf.Variable[];
  readonly estimator: EstimatorInstance;
}

const MODEL = 'vi.model';

/** The thread's copy of the model (built on the first call of a fit, kept in its first block's cache). */
async function threadModel(payload: ViGradientPayload, cache: Map<string, unknown>): Promise<ThreadModel> {
  const key = JSON.stringify([payload.model.id, payload.args, payload.estimator]);
  const held = cache.get(MODEL) as ThreadModel | undefined;
  if (held?.key === key) return held;
  if (held) throw new Error('inference/vi: a block pool of one fit was sent another model');
  const mod = payload.local ?? (await loadKernelModule(payload.model));
  if (typeof mod.viTerms !== 'function') throw new Error(`inference/vi: module ${payload.model.id} has no viTerms(args)`);
  const terms = (await (mod.viTerms as (args: unknown) => ViTerms<unknown, unknown> | Promise<ViTerms<unknown, unknown>>)(payload.args)) as ViTerms<
    unknown,
    unknown
  >;
  const state = terms.init(payload.rows, createRng(0));
  const variables = terms.variables(state);
  const estimator = estimatorPlugin(payload.estimator.key).create(payload.estimator.params);
  const model: ThreadModel = { key, terms, state, variables, estimator };
  cache.set(MODEL, model);
  // The calling thread's pool disposes tensors (and arrays of them) in the cache when it closes.
  cache.set(`${MODEL}.variables`, variables);
  return model;
}

/**
 * The gradient of the model's surrogate loss on each sub-block this thread holds: the model's terms built again
 * from the payload (once per fit), its variables set to the step's weights, and, for sub-block j, the loss on rows
 * j·S … min(B, (j + 1)·S) − 1 of the minibatch with child j of the step's generator; `null` for a slot past the
 * minibatch's end. A sub-block's result does not depend on the thread that computed it.
 */
export async function viSubBlockGradients(payload: ViGradientPayload, blocks: readonly HeldBlock<ViSlot>[]): Promise<(ViSubBlockGradient | null)[]> {
  if (blocks.length === 0) return [];
  const model = await threadModel(payload, blocks[0].cache);
  const { terms, state, variables, estimator } = model;
  if (variables.length !== payload.weights.length)
    throw new Error(`inference/vi: the thread's model has ${variables.length} variables, the step sent ${payload.weights.length}`);
  tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(payload.weights[i], payload.shapes[i] as number[]))));
  const rngs = restoreRng(payload.rng).split(payload.subBlocks);
  return blocks.map(({ data: { slot } }) => {
    const start = slot * payload.subBlock;
    if (start >= payload.batchRows) return null;
    const end = Math.min(payload.batchRows, start + payload.subBlock);
    const rows = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const ctx: ViContext = { ...payload.ctx, rng: rngs[slot], estimator, training: true };
    estimator.startStep();
    let elbo: tf.Scalar | undefined;
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(() => {
        const out = terms.loss(state, payload.rows, rows, ctx);
        elbo = tf.keep(out.elbo);
        return out.loss;
      }, variables),
    );
    estimator.finishStep();
    try {
      return {
        grads: variables.map((v) => (grads[v.name] ? Float32Array.from(grads[v.name].dataSync() as Float32Array) : null)),
        loss: value.dataSync()[0],
        elbo: elbo!.dataSync()[0],
        n: end - start,
      };
    } finally {
      tf.dispose([value, elbo!, ...Object.values(grads)]);
    }
  });
}
