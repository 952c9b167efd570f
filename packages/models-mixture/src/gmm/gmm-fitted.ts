import { requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { LatentMatrix, ReportSection } from '@latentkit/registry';
import { FittedMixture } from './fitted-mixture.js';
import { argMaxRows, evaluateMixture, type MixtureEvaluation } from './gmm-evaluate.js';
import type { GmmParams } from './gmm-params.js';
import { gmmReport } from './gmm-report.js';
import { sampleMixture } from './gmm-sample.js';
import { freeParameters, logWeightsOf, mixtureCenter, type GmmState } from './gmm-state.js';
import { componentNames } from './mixture-views.js';

/** The registry key of the Gaussian mixture. */
export const GMM_KEY = 'mixture/gmm';

/**
 * A fitted Gaussian mixture p(x) = Σ_k π_k N(x | μ_k, Σ_k).
 * Parameters are float64 JS arrays; scoring runs the batched E-step on the active tfjs backend for complete rows
 * and integrates missing cells (NaN) out exactly for the others. Its bookkeeping (trace, data shape, saved-model
 * envelope) is {@link @latentkit/registry!FittedBase}'s; `registry.continueFit(fitted, data)` runs more EM iterations from it.
 */
export class FittedGmm extends FittedMixture<GmmParams, GmmState> {
  /** `logLikelihood`: the mean log p(x_i) per row, in nats (what `score()` returns). */
  readonly scoreNames = ['logLikelihood'] as const;
  protected readonly weightName = 'π_k';

  /** Mixing weights π (K). */
  get weights(): Float64Array {
    return this.state.weights;
  }

  private evaluate(data: Dataset, resp: boolean): MixtureEvaluation {
    const ds = requireColumns(requireDense(data, GMM_KEY), this.columns, GMM_KEY);
    return evaluateMixture(this.state, logWeightsOf(this.state), mixtureCenter(this.state), ds, { resp, who: GMM_KEY });
  }

  /** log p(x_i) for every row (scikit-learn's `score_samples`); missing cells (NaN) are integrated out. */
  scoreSamples(data: Dataset): Float64Array {
    return this.evaluate(data, false).logLik;
  }

  /** Mean log-likelihood per sample, (1/N) Σ_i log p(x_i), in nats (missing cells integrated out). */
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

  /** Posterior responsibilities r_ik = p(z_i = k | x_i,o), N×K. */
  predictProba(data: Dataset): LatentMatrix {
    const logResp = this.evaluate(data, true).logResp!;
    const values = Float64Array.from(logResp, Math.exp);
    const { k } = this.state;
    return { nRows: values.length / k, nCols: k, values, columns: componentNames(k) };
  }

  /** Most probable component per row (0-based). */
  predict(data: Dataset): Int32Array {
    return argMaxRows(this.evaluate(data, true).logResp!, this.state.k);
  }

  /** Responsibilities: the posterior probability of each component for every row of `data`. */
  transform(data: Dataset): LatentMatrix {
    return this.predictProba(data);
  }

  /** Bayesian information criterion −2 N·score + p log N (lower is better). */
  bic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + this.nParameters * Math.log(data.nRows);
  }

  /** Akaike information criterion −2 N·score + 2p (lower is better). */
  aic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + 2 * this.nParameters;
  }

  /** Number of free parameters p used by BIC and AIC. */
  get nParameters(): number {
    return freeParameters(this.state);
  }

  /**
   * Draw `n` rows: the component of each row from Categorical(π), then x = μ_k + L_k ε with ε ~ N(0, I).
   * The component of each row is returned as `labels`.
   */
  sample(n: number, seed: number): DenseDataset {
    return sampleMixture(this.state, n, seed, this.columns, `samples of ${GMM_KEY}`);
  }

  /**
   * Hyperparameters that start EM exactly at this model's parameters: the fitted ones with `warmStart: true`
   * and `weightsInit`, `meansInit`, `covariancesInit` filled (scikit-learn's `warm_start`, made explicit), e.g. to
   * fit the same start with other hyperparameters. To run more iterations from this model, use
   * `registry.continueFit(fitted, data)`.
   * @example
   * ```ts
   * const more = await registry.create('mixture/gmm', fitted.warmStartParams({ regCovar: 1e-3 })).fit(newData, { seed: 0 });
   * ```
   */
  warmStartParams(overrides: Partial<GmmParams> = {}): GmmParams {
    return { ...this.params, ...overrides, warmStart: true, weightsInit: [...this.state.weights], meansInit: this.means, covariancesInit: this.covariances };
  }

  /** The model's section of the HTML report: plots and numbers, with data-dependent plots when `data` is given. */
  report(data?: Dataset): ReportSection {
    return gmmReport(this, data);
  }

  protected stateJSON(): unknown {
    const { k, d, covarianceType, weights } = this.state;
    return { covarianceType, weights: [...weights], means: this.means, covariances: this.covariances, k, d };
  }
}
