import { openBlockPool, runnableModuleUrl, type BlockPool } from '@latentkit/core';
import type { PrepareContext, ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { estimatorPlugins } from '../estimators/estimator-plugins.js';
import type { EstimatorPlugin } from '../estimators/estimator-plugin.js';
import type { StepArgs } from './train-steps.js';
import { VI_KERNELS } from './vi-kernel-module.js';
import type { ViGradientPayload, ViSlot, ViSubBlockGradient } from './vi-kernels.js';
import type { ViParams } from './vi-params.js';

/**
 * Rows per sub-block of a minibatch: fixed, so the sub-blocks (and the fit) do not depend on the thread count. A
 * minibatch of at most this many rows (the default `batchSize` 128 included) takes its gradient in one piece on the
 * calling thread, as without threads.
 */
export const VI_SUB_BLOCK = 128;

/**
 * Rows × weights a worker thread should get per step before a fit uses it: a step with less runs its sub-blocks on
 * fewer threads (below 2 × this, in the calling thread), where sending the weights, rows and gradients would cost more
 * than the thread saves. A 784-256-20 VAE (≈ 410,000 weights) gets 2 threads from batches of 256 rows and 8 from 1024;
 * a VAE with 45,000 weights at batch 1024 (4.6·10⁷) stays on the calling thread, where two threads measured no faster
 * (see tooling/bench/README.md).
 */
export const VI_MIN_WORK_PER_THREAD = 50_000_000;

/** The sub-blocks of a fit's minibatches on a block pool. */
export interface ViPool {
  readonly pool: BlockPool;
  readonly subBlocks: number;
  readonly plugin: EstimatorPlugin;
  readonly estimatorParams: Readonly<Record<string, unknown>>;
}

/**
 * Whether a fit takes its gradients by sub-blocks: its minibatches are longer than one sub-block, the model gives
 * `ViTerms.threads` and no `afterStep`, the training is 'weighted', and the estimator is a built-in pathwise one
 * without state (so that a thread makes the same one from its key).
 */
export function subBlocked(terms: ViTerms<unknown, unknown>, settings: ViParams, plugin: EstimatorPlugin): boolean {
  return (
    settings.batchSize > VI_SUB_BLOCK &&
    terms.threads !== undefined &&
    !terms.afterStep &&
    settings.training === 'weighted' &&
    plugin.pathwise === true &&
    estimatorPlugins.includes(plugin)
  );
}

/** The threads a step of `batchSize` rows of a model with `weights` weights gets out of `threads`. */
export function viThreads(threads: number, batchSize: number, weights: number, minWork = VI_MIN_WORK_PER_THREAD): number {
  return Math.max(1, Math.min(threads, Math.ceil(batchSize / VI_SUB_BLOCK), Math.floor((batchSize * weights) / minWork)));
}

/**
 * A block pool of the sub-block slots of minibatches of `batchSize` rows, on {@link viThreads} threads (in the calling
 * thread when that is 1). The caller closes `pool`.
 */
export function openViPool(
  settings: ViParams,
  weights: number,
  plugin: EstimatorPlugin,
  estimatorParams: Readonly<Record<string, unknown>>,
  context?: PrepareContext,
  minWork = VI_MIN_WORK_PER_THREAD,
): ViPool {
  const subBlocks = Math.ceil(settings.batchSize / VI_SUB_BLOCK);
  const threads = viThreads(context?.threads ?? 1, settings.batchSize, weights, minWork);
  const slots: ViSlot[] = Array.from({ length: subBlocks }, (_, slot) => ({ slot }));
  const pool = openBlockPool({ threads, blocks: slots, ...(context?.signal ? { signal: context.signal } : {}) });
  return { pool, subBlocks, plugin, estimatorParams };
}

/**
 * One minibatch step by sub-blocks: minibatch rows B cut into sub-blocks of S = {@link VI_SUB_BLOCK} rows, sub-block j
 * drawing from child j of the step's generator; each sub-block's gradient g_j of its mean loss L_j on a thread (from
 * the current weights, sent as Float32Arrays); the minibatch's gradient Σ_j (n_j/B)·g_j, summed in sub-block order
 * (so it has the same bits for any number of threads); one optimiser update on the calling thread. Returns the
 * minibatch's ELBO estimate Σ_j (n_j/B)·ELBO_j. A minibatch of at most S rows is one ordinary step.
 */
export async function subBlockStep<S, P>(a: StepArgs<S, P>, vp: ViPool): Promise<number> {
  const { terms, state, prepared, batch, ctx } = a;
  const threads = terms.threads!;
  const b = batch.length;
  const variables = terms.variables(state);
  const payload: ViGradientPayload = {
    model: { id: threads.module.id, url: runnableModuleUrl(threads.module.url) },
    ...(vp.pool.workers === 0 && { local: threads.module.local }),
    args: threads.args,
    estimator: { key: `${vp.plugin.meta.namespace}/${vp.plugin.meta.id}`, params: vp.estimatorParams },
    weights: variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    shapes: variables.map((v) => v.shape),
    rows: threads.rows(prepared, batch),
    batchRows: b,
    subBlock: VI_SUB_BLOCK,
    ctx: { klWeight: ctx.klWeight, nParticles: ctx.nParticles, temperature: ctx.temperature, step: ctx.step, epoch: ctx.epoch },
    rng: ctx.rng.state(),
    subBlocks: vp.subBlocks,
  };
  const parts = (await vp.pool.run<ViSubBlockGradient | null>(VI_KERNELS, 'viSubBlockGradients', payload)).filter((p) => p !== null);
  const sums = variables.map((v) => new Float64Array(v.size));
  // A variable without a gradient in any sub-block has none in the minibatch: the optimiser skips it.
  const used = variables.map(() => false);
  let elbo = 0;
  for (const p of parts) {
    const w = p.n / b;
    p.grads.forEach((g, i) => {
      if (!g) return;
      used[i] = true;
      const s = sums[i];
      for (let k = 0; k < g.length; k++) s[k] += w * g[k];
    });
    elbo += w * p.elbo;
  }
  tf.tidy(() => {
    const grads = Object.fromEntries(variables.flatMap((v, i) => (used[i] ? [[v.name, tf.tensor(Float32Array.from(sums[i]), v.shape)]] : [])));
    a.optimizer.apply(variables, grads, a.learningRate);
  });
  return elbo;
}
