import { requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitOptions, FitResult, Fitted, LatentMatrix, Registry, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import { meta } from '../meta.js';
import { argMaxRows, evaluateMixture, type MixtureEvaluation } from './gmm-evaluate.js';
import type { GmmParams } from './gmm-params.js';
import { gmmReport } from './gmm-report.js';
import { sampleMixture } from './gmm-sample.js';
import { freeParameters, logWeightsOf, mixtureCenter, type GmmState } from './gmm-state.js';

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
 * Parameters are float64 JS arrays; scoring runs the batched E-step on the active tfjs backend for complete rows
 * and integrates missing cells (NaN) out exactly for the others.
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

  private evaluate(data: Dataset, resp: boolean): MixtureEvaluation {
    const ds = requireColumns(requireDense(data, GMM_KEY), this.info.columns, GMM_KEY);
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

  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data) };
  }

  /** Posterior responsibilities r_ik = p(z_i = k | x_i,o), N×K. */
  predictProba(data: Dataset): LatentMatrix {
    const logResp = this.evaluate(data, true).logResp!;
    const values = Float64Array.from(logResp, Math.exp);
    const { k } = this.state;
    return { nRows: values.length / k, nCols: k, values, columns: Array.from({ length: k }, (_, c) => `component${c + 1}`) };
  }

  /** Most probable component per row (0-based). */
  predict(data: Dataset): Int32Array {
    return argMaxRows(this.evaluate(data, true).logResp!, this.state.k);
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
   * Draw `n` rows: the component of each row from Categorical(π), then x = μ_k + L_k ε with ε ~ N(0, I).
   * The component of each row is returned as `labels`.
   */
  sample(n: number, seed: number): DenseDataset {
    return sampleMixture(this.state, n, seed, this.info.columns, `samples of ${GMM_KEY}`);
  }

  /**
   * Hyperparameters that start EM exactly at this model's parameters: the fitted ones with `warmStart: true`
   * and `weightsInit`, `meansInit`, `covariancesInit` filled (scikit-learn's `warm_start`, made explicit).
   * @example
   * ```ts
   * const more = await registry.create('mixture/gmm', fitted.warmStartParams()).fit(newData, { seed: 0 });
   * ```
   */
  warmStartParams(overrides: Partial<GmmParams> = {}): GmmParams {
    return { ...this.params, ...overrides, warmStart: true, weightsInit: [...this.state.weights], meansInit: this.means, covariancesInit: this.covariances };
  }

  /**
   * Continue EM from this model's parameters on `data` (the same or new rows): one run of `mixture/gmm` with
   * {@link FittedGmm.warmStartParams}. Returns a new fitted model; this one is unchanged.
   */
  refit(registry: Registry, data: Dataset, options: FitOptions & { params?: Partial<GmmParams> } = {}): Promise<FittedGmm> {
    const { params, ...fitOptions } = options;
    return registry
      .create(GMM_KEY as string, this.warmStartParams(params) as unknown as Record<string, unknown>)
      .fit(data, fitOptions) as unknown as Promise<FittedGmm>;
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
      fit: {
        engine: this.info.engine,
        seed: this.info.seed,
        iterations: this.info.iterations,
        converged: this.info.converged,
        seconds: this.info.seconds,
        trace: this.info.trace,
      },
      state: { covarianceType: this.state.covarianceType, weights: [...this.state.weights], means: this.means, covariances: this.covariances, k, d },
    };
  }

  report(data?: Dataset): ReportSection {
    return gmmReport(this, data);
  }

  dispose(): void {}
}

export function gmmFromResult(params: GmmParams, result: FitResult<GmmState>, data: Dataset): FittedGmm {
  const ds = requireDense(data, GMM_KEY);
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
