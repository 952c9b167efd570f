import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import { FittedBase, type LatentMatrix, type ModelView, type ReportSection } from '@latentkit/registry';
import { factorReport } from './factor-report.js';
import { loadingsView } from './factor-views.js';
import { modelCovariance, rowPosteriors, sampleRows, type LinearGaussian } from './linear-gaussian.js';

/** The fitted parameters: the linear-Gaussian model with its (rotated) loadings and the rotation R applied. */
export interface FactorState extends LinearGaussian {
  /** R (K×K): loadings = canonical loadings · R (the identity without rotation). */
  readonly rotation: Float64Array;
}

/**
 * A fitted linear-Gaussian factor model x ~ N(μ, W Wᵀ + Ψ) (factor analysis or probabilistic PCA).
 * All parameters are float64 JS arrays; scoring and transforms run in float64 without tensors.
 * Rows with missing cells (NaN) are scored and transformed from their observed cells.
 */
export abstract class FittedFactorModel<
  P extends {
    /** The orthogonal rotation the loadings were given, e.g. `varimax` (`none` for the canonical loadings). */
    rotation: string;
  },
> extends FittedBase<P, FactorState> {
  /** Human-readable model name for the report. */
  abstract readonly title: string;
  readonly scoreNames = ['logLikelihood'] as const;

  /** Number of factors K. */
  get nComponents(): number {
    return this.state.k;
  }
  /** Number of factors K: the columns of `transform` and of `decode`'s input. */
  get latentDim(): number {
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
    return requireColumns(requireDense(data, this.key), this.columns, this.key);
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

  /** Every score the model computes on `data`, by name (`score` among them). */
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
      columns: [...this.columns],
      factors: { names, values: factors },
      source: `samples of ${this.key}`,
    };
  }

  /** The model-specific part of the saved state. */
  protected abstract savedState(): Record<string, unknown>;

  protected stateJSON(): Record<string, unknown> {
    const { d, k } = this.state;
    return { d, k, mean: [...this.state.mean], loadings: this.loadings, rotation: this.rotation, ...this.savedState() };
  }

  /**
   * The decoder mean E[x | z] = W z + μ for each row of `latents` (K factor values per row, e.g. `transform`'s
   * output), in the training columns.
   */
  decode(latents: LatentMatrix): DenseDataset {
    const { d, k, loadings, mean } = this.state;
    if (latents.nCols !== k || latents.values.length !== latents.nRows * k)
      throw new Error(`${this.key}: decode needs ${k} factor values per row, got ${latents.nCols} columns`);
    const values = new Float64Array(latents.nRows * d);
    for (let i = 0; i < latents.nRows; i++)
      for (let j = 0; j < d; j++) {
        let s = mean[j];
        for (let a = 0; a < k; a++) s += loadings[j * k + a] * latents.values[i * k + a];
        values[i * d + j] = s;
      }
    return { kind: 'dense', nRows: latents.nRows, nCols: d, values, columns: [...this.columns], source: `decoded by ${this.key}` };
  }

  /** The loadings W (features × factors) as a diverging heatmap. */
  views(): readonly ModelView[] {
    return [loadingsView(this.title, this.state, this.columns, this.params.rotation)];
  }

  /** The model's section of the HTML report: plots and numbers, with data-dependent plots when `data` is given. */
  report(data?: Dataset): ReportSection {
    return factorReport(this, data);
  }
}

function rows(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}
