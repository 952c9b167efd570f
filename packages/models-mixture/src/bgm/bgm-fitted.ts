import { requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import { meta } from '../meta.js';
import { argMaxRows, evaluateMixture } from '../gmm/gmm-evaluate.js';
import type { GmmFitInfo } from '../gmm/gmm-fitted.js';
import { sampleMixture } from '../gmm/gmm-sample.js';
import { logWeightsOf, mixtureCenter, type GmmState } from '../gmm/gmm-state.js';
import type { BgmParams } from './bgm-params.js';
import { bgmReport } from './bgm-report.js';
import { pointWeights, variationalLogWeights, type BgmState } from './bgm-state.js';

export const BGM_KEY = 'mixture/bayesian-gmm';

/** Fit bookkeeping of a Bayesian mixture: the GMM's, plus the final lower bound of the kept run. */
export interface BgmFitInfo extends GmmFitInfo {
  readonly lowerBound: number;
}

const mean = (s: Float64Array): number => s.reduce((a, b) => a + b, 0) / s.length;

/**
 * A fitted Bayesian Gaussian mixture: the variational posterior q(π) q(μ, Λ) and its plug-in mixture
 * p̂(x) = Σ_k E[π_k] N(x | m_k, E[Λ_k]⁻¹) (scikit-learn's `weights_`, `means_`, `covariances_`).
 */
export class FittedBgm implements Fitted<BgmParams> {
  readonly key = BGM_KEY;
  readonly scoreNames = ['logLikelihood', 'variationalScore'] as const;
  readonly params: BgmParams;
  readonly state: BgmState;
  readonly info: BgmFitInfo;
  /** The plug-in Gaussian mixture. */
  readonly plugIn: GmmState;

  constructor(params: BgmParams, state: BgmState, info: BgmFitInfo) {
    this.params = params;
    this.state = state;
    this.info = info;
    this.plugIn = {
      k: state.k,
      d: state.d,
      covarianceType: state.covarianceType,
      weights: pointWeights(state),
      means: state.means,
      covariances: state.covariances,
    };
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
  /** The lower bound of the kept run after its last iteration (scikit-learn's `lower_bound_`). */
  get lowerBound(): number {
    return this.info.lowerBound;
  }
  /** E[π_k] (scikit-learn's `weights_`). */
  get weights(): Float64Array {
    return this.plugIn.weights;
  }
  /** Posterior means m_k of the component means, K rows of D. */
  get means(): number[][] {
    return rows(this.state.means, this.state.k, this.state.d);
  }
  /** E[Λ_k]⁻¹, K matrices D×D (scikit-learn's `covariances_`, expanded to full matrices). */
  get covariances(): number[][][] {
    const { k, d } = this.state;
    return Array.from({ length: k }, (_, c) => rows(this.state.covariances.subarray(c * d * d, (c + 1) * d * d), d, d));
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
    return requireColumns(requireDense(data, BGM_KEY), this.info.columns, BGM_KEY);
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
    return { nRows: values.length / k, nCols: k, values, columns: Array.from({ length: k }, (_, c) => `component${c + 1}`) };
  }

  /** Most probable component per row under q(z) (0-based). */
  predict(data: Dataset): Int32Array {
    return argMaxRows(this.variational(data, true).logResp!, this.state.k);
  }

  transform(data: Dataset): LatentMatrix {
    return this.predictProba(data);
  }

  /** Draw `n` rows from the plug-in mixture (as scikit-learn's `sample`); components in `labels`. */
  sample(n: number, seed: number): DenseDataset {
    return sampleMixture(this.plugIn, n, seed, this.info.columns, `samples of ${BGM_KEY}`);
  }

  toJSON(): SavedModel {
    const { k, d, priors } = this.state;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: BGM_KEY,
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
      state: {
        covarianceType: this.state.covarianceType,
        k,
        d,
        lowerBound: this.info.lowerBound,
        priors: {
          weightConcentrationPriorType: priors.weightConcentrationPriorType,
          weightConcentration: priors.weightConcentration,
          meanPrecision: priors.meanPrecision,
          mean: [...priors.mean],
          degreesOfFreedom: priors.degreesOfFreedom,
          covariance: rows(priors.covariance, d, d),
        },
        concentrationA: [...this.state.concentrationA],
        concentrationB: this.state.concentrationB ? [...this.state.concentrationB] : null,
        meanPrecision: [...this.state.meanPrecision],
        degreesOfFreedom: [...this.state.degreesOfFreedom],
        means: this.means,
        covariances: this.covariances,
      },
    };
  }

  report(data?: Dataset): ReportSection {
    return bgmReport(this, data);
  }

  dispose(): void {}
}

export function bgmFromResult(params: BgmParams, result: FitResult<BgmState>, data: Dataset): FittedBgm {
  const ds = requireDense(data, BGM_KEY);
  return new FittedBgm(params, result.state, {
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    seconds: result.seconds,
    trace: result.trace,
    columns: [...ds.columns],
    nRows: ds.nRows,
    ...(ds.source && { source: ds.source }),
    lowerBound: result.objective,
  });
}

function rows(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}
