import { requireDense } from '@latentkit/core';
import type { Dataset, Rng, RowSource } from '@latentkit/core';
import type { ViContext, ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { toVariables } from '../nn/weights.js';
import type { VaeFamily, VaeState } from './vae-family.js';
import type { VaeTrainingParams } from './vae-params.js';
import { VAE_THREAD_TERMS } from './vae-thread-module.js';
import { batchRows, gatherBatch, prepareVaeData, prepareVaeStream, sliceBatch, streamedBatchData, type DataInfo, type VaeData } from './vae-data.js';

/** Rows per chunk when evaluating on all rows (bounds the memory of the intermediates). */
export function chunkRowsOf<P extends VaeTrainingParams>(family: VaeFamily<P>, params: P, d: number): number {
  return Math.max(1, Math.floor(family.chunkRows?.(params, d) ?? 1024));
}

/**
 * Mean per-row ELBO over all rows of `data` (one sample per row, analytic KL where available), and the
 * importance-weighted bound log (1/S) Σ_s p(x, z_s)/q(z_s | x) averaged over rows when `iwaeSamples` > 0.
 * Works in chunks of rows; leaves no tensors behind.
 */
export function evaluateVae<P extends VaeTrainingParams>(
  family: VaeFamily<P>,
  state: VaeState,
  params: P,
  data: VaeData,
  opts: { rng: Rng; iwaeSamples?: number },
): { elbo: number; iwae?: number } {
  let elbo = 0;
  let iwae = 0;
  const s = opts.iwaeSamples ?? 0;
  const chunk = chunkRowsOf(family, params, data.d);
  const iwaeChunk = s > 0 ? Math.max(1, Math.floor((chunk * 16) / s)) : chunk;
  for (let start = 0; start < data.n; start += chunk) {
    const end = Math.min(data.n, start + chunk);
    const sum = tf.tidy(() => tf.sum(family.elboRows(state, params, sliceBatch(data, start, end), opts.rng)));
    elbo += sum.dataSync()[0];
    sum.dispose();
  }
  if (s > 0) {
    if (!family.logWeights) throw new Error(`${family.key} does not provide the importance-weighted bound; set iwaeSamples to 0`);
    for (let start = 0; start < data.n; start += iwaeChunk) {
      const end = Math.min(data.n, start + iwaeChunk);
      const sum = tf.tidy(() => tf.sum(tf.sub(tf.logSumExp(family.logWeights!(state, params, sliceBatch(data, start, end), opts.rng, s), 0), Math.log(s))));
      iwae += sum.dataSync()[0];
      sum.dispose();
    }
  }
  return { elbo: elbo / data.n, ...(s > 0 && { iwae: iwae / data.n }) };
}

/** The ELBO of every row of `data` (nats; one sample per row from `rng`, analytic KL where available), in chunks. */
export function elboRowsOf<P extends VaeTrainingParams>(family: VaeFamily<P>, state: VaeState, params: P, data: VaeData, rng: Rng): Float64Array {
  const out = new Float64Array(data.n);
  const chunk = chunkRowsOf(family, params, data.d);
  for (let start = 0; start < data.n; start += chunk) {
    const rows = tf.tidy(() => family.elboRows(state, params, sliceBatch(data, start, Math.min(data.n, start + chunk)), rng));
    out.set(rows.dataSync(), start);
    rows.dispose();
  }
  return out;
}

/**
 * The `inference/vi` terms of a family member with hyperparameters `params`. A family without row groups streams
 * (`stream`: the summaries of the rows in three passes, {@link prepareVaeStream}, then each minibatch's rows), and a
 * family without row groups or `afterStep` takes its gradients on worker threads (`threads`: `vae-thread-terms.ts`);
 * `onStreamed` hears the streamed summaries (the fitted model's notices).
 */
export function vaeTerms<P extends VaeTrainingParams>(family: VaeFamily<P>, params: P, onStreamed?: (info: DataInfo) => void): ViTerms<VaeState, VaeData> {
  return {
    prepare: (data: Dataset) => {
      const ds = requireDense(data, family.key);
      return prepareVaeData(ds, params.likelihood, family.key, undefined, family.rowGroups?.(params, ds, 'fit') ?? null);
    },
    nRows: (p) => p.n,
    init: (p, rng) => {
      const { weights, extra } = family.init(params, p.info, rng);
      return { weights: toVariables(weights), input: p.input, extra: extra ?? {}, ...(p.info.groups && { groups: p.info.groups }) };
    },
    variables: (state) => Object.values(state.weights),
    latents: family.latents?.(params) ?? ['gaussian'],
    loss: (state, p, batch, ctx) => family.loss(state, params, gatherBatch(p, batch), ctx, p.nTrain ?? p.n),
    ...(family.afterStep && { afterStep: (state: VaeState) => family.afterStep!(state, params) }),
    evaluate: (state, p, opts) => evaluateVae(family, state, params, p, opts),
    // `objectives` and `taskVariables` of the multi-objective schemes, for the families that have them.
    ...(family.objectives && {
      objectives: (state: VaeState, p: VaeData, batch: Int32Array, ctx: ViContext) =>
        family.objectives!(state, params, gatherBatch(p, batch), ctx, p.nTrain ?? p.n),
    }),
    ...(!family.rowGroups && {
      stream: {
        prepare: async (source: RowSource) => {
          const summary = await prepareVaeStream(source, params.likelihood, family.key);
          onStreamed?.(summary.info);
          return summary;
        },
        batch: (summary: VaeData, rows: { readonly values: Float64Array; readonly nRows: number }) => streamedBatchData(summary, params.likelihood, rows),
      },
    }),
    ...(family.taskVariables && { taskVariables: (state: VaeState) => family.taskVariables!(state, params) }),
    // Gradients by sub-blocks on worker threads, for the families whose steps change nothing but the variables.
    ...(!family.rowGroups && !family.afterStep && { threads: { module: VAE_THREAD_TERMS, args: { key: family.key, params }, rows: batchRows } }),
  };
}
