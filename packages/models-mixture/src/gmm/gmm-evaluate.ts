import type { DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { disposeGmmData, prepareGmmData } from './gmm-data.js';
import { logResponsibilities } from './gmm-estep.js';
import { missingEStep } from './gmm-missing.js';
import type { GaussianComponents } from './gmm-state.js';

/** Per-row log-likelihood and, when asked, log responsibilities (N×K, row-major), in the data's row order. */
export interface MixtureEvaluation {
  readonly logLik: Float64Array;
  readonly logResp: Float64Array | null;
}

/**
 * Evaluate log Σ_k exp(logWeights_k) N(x_i | μ_k, Σ_k) and the log responsibilities for every row of `ds`:
 * complete rows with the batched tfjs E-step (centred at `center`), rows with missing cells by marginalising
 * the missing coordinates exactly (float64).
 */
export function evaluateMixture(
  components: GaussianComponents,
  logWeights: Float64Array,
  center: Float64Array,
  ds: DenseDataset,
  opts: { resp: boolean; who: string },
): MixtureEvaluation {
  const { k } = components;
  const prepared = prepareGmmData(ds, center, { outer: false, who: opts.who });
  try {
    const n = prepared.n;
    const logLik = new Float64Array(n);
    const logResp = opts.resp ? new Float64Array(n * k) : null;
    const rows = prepared.completeRows;
    if (prepared.x.shape[0] > 0) {
      const t = logResponsibilities(components, prepared, logWeights);
      try {
        const ll = t.logLik.dataSync();
        const lr = logResp ? t.logResp.dataSync() : null;
        for (let r = 0; r < ll.length; r++) {
          const i = rows ? rows[r] : r;
          logLik[i] = ll[r];
          if (lr && logResp) for (let c = 0; c < k; c++) logResp[i * k + c] = lr[r * k + c];
        }
      } finally {
        tf.dispose([t.logResp, t.logLik]);
      }
    }
    if (prepared.missing) {
      const m = missingEStep(components, logWeights, prepared.missing, prepared.values, { logResp: opts.resp });
      for (let r = 0; r < m.rowOrder.length; r++) {
        const i = m.rowOrder[r];
        logLik[i] = m.logLik[r];
        if (m.logResp && logResp) for (let c = 0; c < k; c++) logResp[i * k + c] = m.logResp[r * k + c];
      }
    }
    return { logLik, logResp };
  } finally {
    disposeGmmData(prepared);
  }
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
