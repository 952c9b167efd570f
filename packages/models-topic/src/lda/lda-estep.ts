import { gammaVariate, type Rng } from '@latentkit/core';
import { docBound, expDirichletExpectation } from './lda-topics.js';
import type { LdaWorkspace } from './lda-workspace.js';

/** E-step settings (scikit-learn's `doc_topic_prior`, `mean_change_tol`, `max_doc_update_iter`). */
export interface EStepSettings {
  readonly alpha: number;
  readonly meanChangeTol: number;
  readonly maxDocUpdateIter: number;
}

/** What to do besides computing γ. */
export interface EStepOptions {
  /** Documents to process (default: all), in this order. */
  readonly rows?: ArrayLike<number>;
  /** Start each γ_d from Gamma(100, 1/100) draws (fitting, scikit-learn's `random_init`); without it, from ones. */
  readonly rng?: Rng;
  /** Add each document's share of the M-step statistics to the workspace's statistics (cleared by the caller). */
  readonly stats?: boolean;
  /** Compute the document part of the bound. */
  readonly bound?: boolean;
}

/** Variational Dirichlet parameters γ (rows × K) and, when asked, the document part of the bound. */
export interface EStepResult {
  readonly gamma: Float64Array;
  /** Σ_d Σ_w n_dw·log Σ_k exp(E[log θ_dk] + E[log β_kw]) + Σ_d (E[log p(θ_d|α)] − E[log q(θ_d|γ_d)]); NaN unless `bound`. */
  readonly docBound: number;
}

/**
 * The LDA E-step with the topics of `ws` fixed (scikit-learn's `_update_doc_distribution`): for each document,
 * iterate γ_dk ← α + exp(E[log θ_dk])·Σ_w n_dw·exp(E[log β_kw]) / (Σ_j exp(E[log θ_dj] + E[log β_jw]) + ε)
 * until mean_k |Δγ_dk| < meanChangeTol or maxDocUpdateIter updates, with E[log θ_dk] = ψ(γ_dk) − ψ(Σ_j γ_dj).
 * The optimal φ_dwk ∝ exp(E[log θ_dk] + E[log β_kw]) is never stored.
 */
export function eStep(ws: LdaWorkspace, settings: EStepSettings, options: EStepOptions = {}): EStepResult {
  const { kernel, corpus, k } = ws;
  const { f64 } = kernel;
  const { alpha, meanChangeTol, maxDocUpdateIter } = settings;
  const rows = options.rows;
  const n = rows ? rows.length : corpus.nDocs;
  const gammaOut = new Float64Array(n * k);
  const gamma = new Float64Array(k);
  const last = new Float64Array(k);
  const e = ws.e >> 3;
  const out = ws.out >> 3;
  const norms = ws.norms >> 3;
  let bound = 0;
  for (let r = 0; r < n; r++) {
    const d = rows ? rows[r] : r;
    const start = corpus.indptr[d];
    const nd = corpus.indptr[d + 1] - start;
    const ids = ws.ids + 4 * start;
    const cnts = ws.cnts + 8 * start;
    for (let j = 0; j < k; j++) gamma[j] = options.rng ? gammaVariate(options.rng, 100) / 100 : 1;
    expDirichletExpectation(gamma, k, f64, e);
    for (let it = 0; it < maxDocUpdateIter; it++) {
      last.set(gamma);
      kernel.gamma(ids, cnts, nd, ws.table, ws.e, ws.out);
      let change = 0;
      for (let j = 0; j < k; j++) {
        gamma[j] = alpha + f64[e + j] * f64[out + j];
        change += Math.abs(gamma[j] - last[j]);
      }
      expDirichletExpectation(gamma, k, f64, e);
      if (change / k < meanChangeTol) break;
    }
    gammaOut.set(gamma, r * k);
    if (options.stats) kernel.stats(ids, cnts, nd, ws.table, ws.e, ws.norms, ws.stats);
    else if (options.bound) kernel.norms(ids, nd, ws.table, ws.e, ws.norms);
    if (options.bound) {
      for (let w = 0; w < nd; w++) bound += f64[(ws.cnts >> 3) + start + w] * Math.log(f64[norms + w]);
      bound += docBound(gammaOut, r * k, k, alpha);
    }
  }
  return { gamma: gammaOut, docBound: options.bound ? bound : NaN };
}
