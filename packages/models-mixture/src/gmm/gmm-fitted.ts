import { cholesky, createRng, matrix, requireColumns, type Dataset, type DenseDataset } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { meta } from '../meta.js';
import { asDense, disposeGmmData, prepareGmmData } from './gmm-data.js';
import { logResponsibilities } from './gmm-estep.js';
import type { GmmParams } from './gmm-params.js';
import { gmmReport } from './gmm-report.js';
import { freeParameters, mixtureCenter, type GmmState } from './gmm-state.js';

export const GMM_KEY = 'mixture/gmm';

/** Fit bookkeeping kept with the parameters. */
export interface GmmFitInfo {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  readonly columns: readonly string[];
  readonly nRows: number;
  readonly source?: string;
}

/**
 * A fitted Gaussian mixture p(x) = Σ_k π_k N(x | μ_k, Σ_k).
 * Parameters are float64 JS arrays; scoring runs the batched E-step on the active tfjs backend.
 */
export class FittedGmm implements Fitted<GmmParams> {
  readonly key = GMM_KEY;
  readonly scoreNames = ['logLikelihood'] as const;
  readonly params: GmmParams;
  readonly state: GmmState;
  readonly info: GmmFitInfo;

  constructor(params: GmmParams, state: GmmState, info: GmmFitInfo) {
    this.params = params;
    this.state = state;
    this.info = info;
  }

  get trace(): readonly TraceEntry[] {
    return this.info.trace;
  }
  get iterations(): number {
    return this.info.iterations;
  }
  get converged(): boolean {
    return this.info.converged;
  }
  /** Mixing weights π (K). */
  get weights(): Float64Array {
    return this.state.weights;
  }
  /** Component means, K rows of D. */
  get means(): number[][] {
    return rows(this.state.means, this.state.k, this.state.d);
  }
  /** Component covariances, K matrices D×D. */
  get covariances(): number[][][] {
    const { k, d } = this.state;
    return Array.from({ length: k }, (_, c) => rows(this.state.covariances.subarray(c * d * d, (c + 1) * d * d), d, d));
  }

  private evaluate<T>(data: Dataset, read: (logResp: tf.Tensor2D, logLik: tf.Tensor1D) => T): T {
    const ds = requireColumns(asDense(data, GMM_KEY), this.info.columns, GMM_KEY);
    const prepared = prepareGmmData(ds, mixtureCenter(this.state));
    try {
      const { logResp, logLik } = logResponsibilities(this.state, prepared);
      try {
        return read(logResp, logLik);
      } finally {
        tf.dispose([logResp, logLik]);
      }
    } finally {
      disposeGmmData(prepared);
    }
  }

  /** log p(x_i) for every row (scikit-learn's `score_samples`). */
  scoreSamples(data: Dataset): Float64Array {
    return this.evaluate(data, (_, logLik) => Float64Array.from(logLik.dataSync()));
  }

  /** Mean log-likelihood per sample, (1/N) Σ_i log p(x_i), in nats. */
  score(data: Dataset): number {
    const s = this.scoreSamples(data);
    let total = 0;
    for (const v of s) total += v;
    return total / s.length;
  }

  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data) };
  }

  /** Posterior responsibilities r_ik = p(z_i = k | x_i), N×K. */
  predictProba(data: Dataset): LatentMatrix {
    const values = this.evaluate(data, (logResp) => {
      const r = tf.exp(logResp);
      const out = Float64Array.from(r.dataSync());
      r.dispose();
      return out;
    });
    const { k } = this.state;
    return { nRows: values.length / k, nCols: k, values, columns: Array.from({ length: k }, (_, c) => `component${c + 1}`) };
  }

  /** Most probable component per row (0-based). */
  predict(data: Dataset): Int32Array {
    return this.evaluate(data, (logResp) => {
      const t = tf.argMax(logResp, 1);
      const out = Int32Array.from(t.dataSync());
      t.dispose();
      return out;
    });
  }

  transform(data: Dataset): LatentMatrix {
    return this.predictProba(data);
  }

  /** Bayesian information criterion −2 N·score + p log N (lower is better). */
  bic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + freeParameters(this.state) * Math.log(data.nRows);
  }

  /** Akaike information criterion −2 N·score + 2p (lower is better). */
  aic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + 2 * freeParameters(this.state);
  }

  /** Number of free parameters p used by BIC and AIC. */
  get nParameters(): number {
    return freeParameters(this.state);
  }

  /**
   * Draw `n` rows: component counts from Multinomial(n, π), then x = μ_k + L_k ε with ε ~ N(0, I).
   * The component of each row is returned as `labels`.
   */
  sample(n: number, seed: number): DenseDataset {
    const { k, d } = this.state;
    const rng = createRng(seed);
    const values = new Float64Array(n * d);
    const labels: number[] = [];
    const factors = Array.from({ length: k }, (_, c) => cholesky(matrix(d, d, this.state.covariances.subarray(c * d * d, (c + 1) * d * d)), { name: `covariance of component ${c + 1}` }));
    const eps = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let c = 0;
      while (c < k - 1 && u >= this.state.weights[c]) u -= this.state.weights[c++];
      labels.push(c);
      rng.fillNormal(eps);
      const L = factors[c].data;
      for (let r = 0; r < d; r++) {
        let s = this.state.means[c * d + r];
        for (let t = 0; t <= r; t++) s += L[r * d + t] * eps[t];
        values[i * d + r] = s;
      }
    }
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.info.columns], labels, labelName: 'component', source: `samples of ${GMM_KEY}` };
  }

  toJSON(): SavedModel {
    const { k, d } = this.state;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: GMM_KEY,
      plugin: { name: meta.name, version: meta.version },
      params: { ...this.params },
      data: { kind: 'dense', nCols: d, columns: [...this.info.columns], nRows: this.info.nRows, ...(this.info.source && { source: this.info.source }) },
      fit: { engine: this.info.engine, seed: this.info.seed, iterations: this.info.iterations, converged: this.info.converged, seconds: this.info.seconds, trace: this.info.trace },
      state: { covarianceType: this.state.covarianceType, weights: [...this.state.weights], means: this.means, covariances: this.covariances, k, d },
    };
  }

  report(data?: Dataset): ReportSection {
    return gmmReport(this, data);
  }

  dispose(): void {}
}

export function gmmFromResult(params: GmmParams, result: FitResult<GmmState>, data: Dataset): FittedGmm {
  const ds = asDense(data, GMM_KEY);
  return new FittedGmm(params, result.state, {
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    seconds: result.seconds,
    trace: result.trace,
    columns: [...ds.columns],
    nRows: ds.nRows,
    ...(ds.source && { source: ds.source }),
  });
}

function rows(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}
