import { optimalAssignment } from '@latentkit/core';
import { real } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import type { Table } from '../input/metric-input.js';

/** Parameters of `metrics/support-recovery`. */
export interface SupportRecoveryParams {
  /** An estimated loading is in the support when its absolute value exceeds this. */
  threshold: number;
  /** A true loading is in the support when its absolute value exceeds this. */
  truthThreshold: number;
}

function cosineMatrix(w: Table, v: Table): Float64Array {
  const [g, k, kh] = [w.nRows, w.nCols, v.nCols];
  const out = new Float64Array(k * kh);
  const norm = (t: Table, j: number) => Math.sqrt(Array.from({ length: g }, (_, i) => t.values[i * t.nCols + j] ** 2).reduce((a, b) => a + b, 0));
  for (let a = 0; a < k; a++) {
    const na = norm(w, a);
    for (let b = 0; b < kh; b++) {
      const nb = norm(v, b);
      if (na === 0 || nb === 0) continue;
      let dot = 0;
      for (let i = 0; i < g; i++) dot += w.values[i * k + a] * v.values[i * kh + b];
      out[a * kh + b] = Math.abs(dot) / (na * nb);
    }
  }
  return out;
}

const { plugin, fn } = metric({
  id: 'support-recovery',
  description: 'Support recovery of a loading matrix: accuracy and Hamming distance of the supports after optimal column matching and sign alignment.',
  params: {
    threshold: real({ min: 0, description: 'An estimated loading is non-zero when |value| > threshold.' }),
    truthThreshold: real({ min: 0, description: 'A true loading is non-zero when |value| > truthThreshold.' }),
  },
  defaults: { threshold: 0, truthThreshold: 0 } as SupportRecoveryParams,
  compute(truth, pred, params) {
    const [g, k, kh] = [truth.nRows, truth.nCols, pred.nCols];
    const { rowToCol } = optimalAssignment({ rows: k, cols: kh, data: cosineMatrix(truth, pred) }, { maximize: true });
    const aligned = new Float64Array(g * k);
    for (let a = 0; a < k; a++) {
      const b = rowToCol[a];
      if (b < 0) continue;
      let dot = 0;
      for (let i = 0; i < g; i++) dot += truth.values[i * k + a] * pred.values[i * kh + b];
      const sign = dot < 0 ? -1 : 1;
      for (let i = 0; i < g; i++) aligned[i * k + a] = sign * pred.values[i * kh + b];
    }
    let [hamming, tp, nTrue, nHat, se] = [0, 0, 0, 0, 0];
    for (let q = 0; q < g * k; q++) {
      const s = Math.abs(truth.values[q]) > params.truthThreshold;
      const sh = Math.abs(aligned[q]) > params.threshold;
      if (s !== sh) hamming++;
      if (s && sh) tp++;
      if (s) nTrue++;
      if (sh) nHat++;
      se += (aligned[q] - truth.values[q]) ** 2;
    }
    const matched = Array.from(rowToCol).filter((b) => b >= 0).length;
    return {
      /** Accuracy of the support, 1 − Hamming/(G·K), in [0, 1]. */
      value: 1 - hamming / (g * k),
      /** The counts and rates behind the value. */
      parts: {
        /** Number of the G·K entries where Ŝ and S differ. */
        hamming,
        /** |Ŝ ∩ S| / |Ŝ| (0 when Ŝ is empty). */
        precision: tp / Math.max(1, nHat),
        /** |Ŝ ∩ S| / |S| (0 when S is empty). */
        recall: tp / Math.max(1, nTrue),
        /** √(Σ (Ŵ_aligned − W)² / (G·K)), in the loadings' units. */
        rmse: Math.sqrt(se / (g * k)),
        /** True columns left without an estimated column (K > K′). */
        unmatchedTruthColumns: k - matched,
        /** Estimated columns left unmatched and ignored (K′ > K). */
        unmatchedPredColumns: kh - matched,
      },
      /** The column matching. */
      settings: {
        /** True column → the estimated column matched to it (null: unmatched). */
        matching: Object.fromEntries(Array.from(rowToCol, (b, a) => [truth.columns[a], b >= 0 ? pred.columns[b] : null])),
      },
    };
  },
});

/**
 * Support recovery of a loading matrix (`metrics/support-recovery`), as in the sparse VAE and DDE evaluations:
 * `truth` = the true G×K loading matrix W (rows = features), `pred` = the estimated G×K′ matrix Ŵ. Columns are
 * matched one-to-one maximising Σ|cos(W_·a, Ŵ_·π(a))| (Hungarian; a zero column has cosine 0), each matched column
 * is multiplied by the sign of ⟨W_·a, Ŵ_·π(a)⟩, and unmatched true columns are compared with a zero column
 * (surplus estimated columns are ignored). Supports S = |W| > truthThreshold, Ŝ = |Ŵ_aligned| > threshold
 * (defaults 0: exactly non-zero). Value: accuracy = 1 − Hamming/(G·K). Parts: `hamming` (number of entries where the
 * supports differ), `precision` and `recall` of Ŝ against S, `rmse` of the aligned loadings, unmatched column counts.
 * @example
 * ```ts
 * supportRecovery(trueW, fittedW, { threshold: 0.1 }).parts.hamming;
 * ```
 */
export const supportRecovery = fn;
/** The `metrics/support-recovery` plugin; see {@link supportRecovery}. */
export const supportRecoveryPlugin = plugin;
