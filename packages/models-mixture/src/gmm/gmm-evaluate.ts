import type { DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { centredBlock, findRows } from './gmm-data.js';
import { logResponsibilities } from './gmm-estep.js';
import { missingEStep } from './gmm-missing.js';
import type { GaussianComponents } from './gmm-state.js';
import { ROW_BLOCK } from './gmm-stats.js';

/** Per-row log-likelihood and, when asked, log responsibilities (N×K, row-major), in the data's row order. */
export interface MixtureEvaluation {
  readonly logLik: Float64Array;
  readonly logResp: Float64Array | null;
}

/**
 * Evaluate log Σ_k exp(logWeights_k) N(x_i | μ_k, Σ_k) and the log responsibilities for every row of `ds`:
 * complete rows with the batched tfjs E-step (centred at `center`) in blocks of `ROW_BLOCK` rows, uploaded one at a
 * time so that the tensor backend never holds more than one block (its N×KD intermediates would otherwise take
 * K·D·4 bytes per row several times over), rows with missing cells by marginalising the missing coordinates exactly
 * (float64).
 */
export function evaluateMixture(
  components: GaussianComponents,
  logWeights: Float64Array,
  center: Float64Array,
  ds: DenseDataset,
  opts: { resp: boolean; who: string },
): MixtureEvaluation {
  const { k, d } = components;
  const { nRows: n, values } = ds;
  const { complete, missing } = findRows(ds, opts.who);
  const logLik = new Float64Array(n);
  const logResp = opts.resp ? new Float64Array(n * k) : null;
  const rows = missing ? complete : null;
  const m = rows ? rows.length : n;
  for (let start = 0; start < m; start += ROW_BLOCK) {
    const size = Math.min(ROW_BLOCK, m - start);
    // The rows of this block as indices into `values`, for the components evaluated in float64.
    const index = rows ? rows.subarray(start, start + size) : Int32Array.from({ length: size }, (_, r) => start + r);
    const x = tf.tensor2d(centredBlock(values, index, 0, size, d, center, false), [size, d]);
    const block = { x, center, values, completeRows: index };
    const t = logResponsibilities(components, block, logWeights);
    try {
      const ll = t.logLik.dataSync();
      const lr = logResp ? t.logResp.dataSync() : null;
      for (let r = 0; r < size; r++) {
        const i = index[r];
        logLik[i] = ll[r];
        if (lr && logResp) for (let c = 0; c < k; c++) logResp[i * k + c] = lr[r * k + c];
      }
    } finally {
      tf.dispose([x, t.logResp, t.logLik]);
    }
  }
  if (missing) {
    const mis = missingEStep(components, logWeights, missing, values, { logResp: opts.resp });
    for (let r = 0; r < mis.rowOrder.length; r++) {
      const i = mis.rowOrder[r];
      logLik[i] = mis.logLik[r];
      if (mis.logResp && logResp) for (let c = 0; c < k; c++) logResp[i * k + c] = mis.logResp[r * k + c];
    }
  }
  return { logLik, logResp };
}

/** Index of the largest entry of each row of a row-major N×K matrix (first one on ties). */
export function argMaxRows(values: Float64Array, k: number): Int32Array {
  const n = values.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}
