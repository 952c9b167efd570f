import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import { meta } from '../meta.js';
import { factorReport } from './factor-report.js';
import { modelCovariance, rowPosteriors, sampleRows, type LinearGaussian } from './linear-gaussian.js';

/** Fit bookkeeping kept with the parameters. */
export interface FactorFitInfo {
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

/** The fitted parameters: the linear-Gaussian model with its (rotated) loadings and the rotation R applied. */
export interface FactorState extends LinearGaussian {
  /** R (K×K): loadings = canonical loadings · R (the identity without rotation). */
  readonly rotation: Float64Array;
}

/** The fit bookkeeping of an engine result and its training data. */
export function fitInfo(result: FitResult<unknown>, data: DenseDataset): FactorFitInfo {
  return {
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    seconds: result.seconds,
    trace: result.trace,
    columns: [...data.columns],
    nRows: data.nRows,
    ...(data.source && { source: data.source }),
  };
}

/**
 * A fitted linear-Gaussian factor model x ~ N(μ, W Wᵀ + Ψ) (factor analysis or probabilistic PCA).
 * All parameters are float64 JS arrays; scoring and transforms run in float64 without tensors.
 * Rows with missing cells (NaN) are scored and transformed from their observed cells.
 */
export abstract class FittedFactorModel<P extends { rotation: string }> implements Fitted<P> {
  abstract readonly key: string;
  /** Human-readable model name for the report. */
  abstract readonly title: string;
  readonly scoreNames = ['logLikelihood'] as const;
  readonly params: P;
  readonly state: FactorState;
  readonly info: FactorFitInfo;

  constructor(params: P, state: FactorState, info: FactorFitInfo) {
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
  /** Number of factors K. */
  get nComponents(): number {
    return this.state.k;
  }
  /** Feature means μ (D). */
  get mean(): Float64Array {
    return this.state.mean;
  }
  /** Loadings W, D rows of K numbers (after the rotation, if any). */
  get loadings(): number[][] {
    return rows(this.state.loadings, this.state.d, this.state.k);
  }
  /** Loadings as K rows of D numbers: scikit-learn's `components_`. */
  get components(): number[][] {
    const { d, k, loadings } = this.state;
    return Array.from({ length: k }, (_, a) => Array.from({ length: d }, (_, j) => loadings[j * k + a]));
  }
  /** The rotation R (K×K) with loadings = unrotated loadings · R. */
  get rotation(): number[][] {
    return rows(this.state.rotation, this.state.k, this.state.k);
  }
  /** Noise variances ψ_j per feature (D). */
  get noiseVariances(): Float64Array {
    return this.state.noise;
  }
  /** Number of free parameters p used by BIC and AIC. */
  abstract get nParameters(): number;

  /** The model covariance W Wᵀ + Ψ (scikit-learn's `get_covariance()`), D rows of D numbers. */
  covariance(): number[][] {
    return rows(modelCovariance(this.state), this.state.d, this.state.d);
  }

  private aligned(data: Dataset): DenseDataset {
    return requireColumns(requireDense(data, this.key), this.info.columns, this.key);
  }

  /** log p(x_i) per row (scikit-learn's `score_samples`); a row with missing cells gives log p(x_obs). */
  scoreSamples(data: Dataset): Float64Array {
    const ds = this.aligned(data);
    return rowPosteriors(this.state, ds.values, ds.nRows, { logLik: true }).logLik;
  }

  /** Mean log-likelihood per row, (1/N) Σ_i log p(x_i), in nats. */
  score(data: Dataset): number {
    const s = this.scoreSamples(data);
    let total = 0;
    for (const v of s) total += v;
    return total / s.length;
  }

  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data) };
  }

  /** Factor scores: the posterior means E[z | x_i] = (I + WᵀΨ⁻¹W)⁻¹ WᵀΨ⁻¹ (x_i − μ), N×K. */
  transform(data: Dataset): LatentMatrix {
    const ds = this.aligned(data);
    const { k } = this.state;
    const { means } = rowPosteriors(this.state, ds.values, ds.nRows, { means: true });
    return { nRows: ds.nRows, nCols: k, values: means, columns: Array.from({ length: k }, (_, a) => `factor${a + 1}`) };
  }

  /** Bayesian information criterion −2 N·score + p log N (lower is better). */
  bic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + this.nParameters * Math.log(data.nRows);
  }

  /** Akaike information criterion −2 N·score + 2p (lower is better). */
  aic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + 2 * this.nParameters;
  }

  /** Draw n rows x = μ + W z + Ψ^{1/2} ε with z ~ N(0, I), ε ~ N(0, I); the drawn z are returned as `factors`. */
  sample(n: number, seed: number): DenseDataset {
    const { values, factors } = sampleRows(this.state, n, createRng(seed));
    const names = Array.from({ length: this.state.k }, (_, a) => `factor${a + 1}`);
    return {
      kind: 'dense',
      nRows: n,
      nCols: this.state.d,
      values,
      columns: [...this.info.columns],
      factors: { names, values: factors },
      source: `samples of ${this.key}`,
    };
  }

  /** The model-specific part of the saved state. */
  protected abstract savedState(): Record<string, unknown>;

  toJSON(): SavedModel {
    const { d, k } = this.state;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: this.key,
      plugin: { name: meta.name, version: meta.version },
      params: { ...this.params },
      data: { kind: 'dense', nCols: d, columns: [...this.info.columns], nRows: this.info.nRows, ...(this.info.source && { source: this.info.source }) },
      fit: {
        engine: this.info.engine,
        seed: this.info.seed,
        iterations: this.info.iterations,
        converged: this.info.converged,
        seconds: this.info.seconds,
        trace: this.info.trace,
      },
      state: { d, k, mean: [...this.state.mean], loadings: this.loadings, rotation: this.rotation, ...this.savedState() },
    };
  }

  report(data?: Dataset): ReportSection {
    return factorReport(this, data);
  }

  dispose(): void {}
}

function rows(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}
