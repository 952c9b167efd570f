import { requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitInfo, LatentMatrix, ReportSection } from '@latentkit/registry';
import { argMaxRows, evaluateMixture } from '../gmm/gmm-evaluate.js';
import { FittedMixture, rowsOf } from '../gmm/fitted-mixture.js';
import { sampleMixture } from '../gmm/gmm-sample.js';
import { logWeightsOf, mixtureCenter, type GmmState } from '../gmm/gmm-state.js';
import { componentNames } from '../gmm/mixture-views.js';
import type { BgmParams } from './bgm-params.js';
import { bgmReport } from './bgm-report.js';
import { pointWeights, variationalLogWeights, type BgmState } from './bgm-state.js';

/** The registry key of the Bayesian Gaussian mixture. */
export const BGM_KEY = 'mixture/bayesian-gmm';

const mean = (s: Float64Array): number => s.reduce((a, b) => a + b, 0) / s.length;

/**
 * A fitted Bayesian Gaussian mixture: the variational posterior q(π) q(μ, Λ) and its plug-in mixture
 * p̂(x) = Σ_k E[π_k] N(x | m_k, E[Λ_k]⁻¹) (scikit-learn's `weights_`, `means_`, `covariances_`).
 */
export class FittedBgm extends FittedMixture<BgmParams, BgmState> {
  /**
   * `logLikelihood`: mean log p̂(x_i) of the plug-in mixture per row, in nats (the primary, what `score()` returns);
   * `variationalScore`: mean log Σ_k exp(E[log π_k] + E[log N(x_i | μ_k, Λ_k⁻¹)]) per row (scikit-learn's `score`).
   */
  readonly scoreNames = ['logLikelihood', 'variationalScore'] as const;
  protected readonly weightName = 'E[π_k]';
  /** The plug-in Gaussian mixture. */
  readonly plugIn: GmmState;
  /** The lower bound of the kept run after its last iteration (scikit-learn's `lower_bound_`); NaN when not saved. */
  readonly lowerBound: number;

  /**
   * Wraps a variational posterior and derives its plug-in mixture (weights E[π_k], means m_k, covariances
   * E[Λ_k]⁻¹); `lowerBound` is the final lower bound of the kept run (NaN when unknown). Throws nothing.
   */
  constructor(params: BgmParams, state: BgmState, info: FitInfo, lowerBound: number) {
    super(params, state, info);
    this.lowerBound = lowerBound;
    this.plugIn = {
      k: state.k,
      d: state.d,
      covarianceType: state.covarianceType,
      weights: pointWeights(state),
      means: state.means,
      covariances: state.covariances,
    };
  }

  /** E[π_k] (scikit-learn's `weights_`). */
  get weights(): Float64Array {
    return this.plugIn.weights;
  }
  /** β_k (scikit-learn's `mean_precision_`). */
  get meanPrecision(): Float64Array {
    return this.state.meanPrecision;
  }
  /** ν_k (scikit-learn's `degrees_of_freedom_`; tied repeats its one value). */
  get degreesOfFreedom(): Float64Array {
    return this.state.degreesOfFreedom;
  }

  private dense(data: Dataset): DenseDataset {
    return requireColumns(requireDense(data, BGM_KEY), this.columns, BGM_KEY);
  }

  /** log p̂(x_i) under the plug-in mixture for every row. */
  scoreSamples(data: Dataset): Float64Array {
    return evaluateMixture(this.plugIn, logWeightsOf(this.plugIn), mixtureCenter(this.plugIn), this.dense(data), { resp: false, who: BGM_KEY }).logLik;
  }

  /** Mean log-likelihood per row of the plug-in mixture, in nats. */
  score(data: Dataset): number {
    return mean(this.scoreSamples(data));
  }

  /** log Σ_k exp(E[log π_k] + E[log N(x_i | μ_k, Λ_k⁻¹)]) per row (scikit-learn's `score_samples`). */
  variationalScoreSamples(data: Dataset): Float64Array {
    return this.variational(data, false).logLik;
  }

  /** Every score the model computes on `data`, by name (`score` among them). */
  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data), variationalScore: mean(this.variationalScoreSamples(data)) };
  }

  private variational(data: Dataset, resp: boolean) {
    return evaluateMixture(this.state, variationalLogWeights(this.state), mixtureCenter(this.plugIn), this.dense(data), { resp, who: BGM_KEY });
  }

  /** Variational responsibilities q(z_i = k) ∝ exp(E[log π_k] + E[log N(x_i | μ_k, Λ_k⁻¹)]), N×K (scikit-learn's `predict_proba`). */
  predictProba(data: Dataset): LatentMatrix {
    const values = Float64Array.from(this.variational(data, true).logResp!, Math.exp);
    const { k } = this.state;
    return { nRows: values.length / k, nCols: k, values, columns: componentNames(k) };
  }

  /** Most probable component per row under q(z) (0-based). */
  predict(data: Dataset): Int32Array {
    return argMaxRows(this.variational(data, true).logResp!, this.state.k);
  }

  /** Responsibilities: the posterior probability of each component for every row of `data`. */
  transform(data: Dataset): LatentMatrix {
    return this.predictProba(data);
  }

  /** Draw `n` rows from the plug-in mixture (as scikit-learn's `sample`); components in `labels`. */
  sample(n: number, seed: number): DenseDataset {
    return sampleMixture(this.plugIn, n, seed, this.columns, `samples of ${BGM_KEY}`);
  }

  /** The model's section of the HTML report: plots and numbers, with data-dependent plots when `data` is given. */
  report(data?: Dataset): ReportSection {
    return bgmReport(this, data);
  }

  protected stateJSON(): unknown {
    const { k, d, priors, covarianceType } = this.state;
    return {
      covarianceType,
      k,
      d,
      lowerBound: this.lowerBound,
      priors: {
        weightConcentrationPriorType: priors.weightConcentrationPriorType,
        weightConcentration: priors.weightConcentration,
        meanPrecision: priors.meanPrecision,
        mean: [...priors.mean],
        degreesOfFreedom: priors.degreesOfFreedom,
        covariance: rowsOf(priors.covariance, d, d),
      },
      concentrationA: [...this.state.concentrationA],
      concentrationB: this.state.concentrationB ? [...this.state.concentrationB] : null,
      meanPrecision: [...this.state.meanPrecision],
      degreesOfFreedom: [...this.state.degreesOfFreedom],
      means: this.means,
      covariances: this.covariances,
    };
  }
}
