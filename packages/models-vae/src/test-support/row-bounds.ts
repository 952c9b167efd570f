import { createRng, type DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { prepareVaeData, sliceBatch } from '../common/vae-data.js';
import { EVAL_SEED, type FittedVae } from '../common/vae-fitted.js';
import type { VaeCommonParams } from '../common/vae-params.js';

/** Per-row ELBO (the draws `score` uses) and IWAE bound log (1/S) Σ_s w_s with S = `samples`, for tests. */
export function rowBounds<P extends VaeCommonParams>(fitted: FittedVae<P>, data: DenseDataset, samples: number): { elbo: Float64Array; iwae: Float64Array } {
  const { family, state, params } = fitted;
  const p = prepareVaeData(data, params.likelihood, fitted.key, state.input);
  const [e, w] = tf.tidy(() => {
    const batch = sliceBatch(p, 0, p.n);
    const elbo = family.elboRows(state, params, batch, createRng(EVAL_SEED));
    const iwae = tf.sub(tf.logSumExp(family.logWeights!(state, params, batch, createRng(EVAL_SEED + 1), samples), 0), Math.log(samples));
    return [elbo, iwae];
  });
  const out = { elbo: Float64Array.from(e.dataSync()), iwae: Float64Array.from(w.dataSync()) };
  tf.dispose([e, w]);
  return out;
}

/** Mean and standard error of a − b over rows. */
export function meanDiff(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; se: number } {
  const d = Array.from(a, (v, i) => v - b[i]);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1));
  return { mean, se: sd / Math.sqrt(d.length) };
}
