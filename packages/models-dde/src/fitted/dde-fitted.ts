import { requireColumns, requireDense, type Dataset, type DenseDataset } from '@latentkit/core';
import { FittedBase, type FitInfo, type FitResult, type LatentMatrix, type ModelView, type ReportSection, type TransformOptions } from '@latentkit/registry';
import type { DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import { layerWidths, type DdeState } from '../dde-state.js';
import { ddeFreeParameters, ebic, ebicDegreesOfFreedom, ebicModelSize } from '../likelihood/ebic.js';
import { exactLayerPosterior, exactLogLikelihood, jointStateCount } from '../likelihood/enumeration.js';
import { gibbsMarginals, importanceLogLikelihood, type ImportanceEstimate } from '../likelihood/importance.js';
import { prepareForState } from '../likelihood/state-data.js';
import { ddeReport } from '../views/dde-report.js';
import { ddeViews } from '../views/dde-views.js';
import { latentNames, sampleDde } from './dde-sample.js';

export const DDE_KEY = 'dde/dde';

/**
 * The importance-sampling settings of a fitted model's scores beyond `maxStates`: S = 1000 draws per row from the
 * mixture of Gibbs-marginal proposals (see `importanceLogLikelihood`), seed 0 so that a score is reproducible.
 */
export const SCORE_IMPORTANCE = { samples: 1000, seed: 0 } as const;

/**
 * A fitted Deep Discrete Encoder. Everything is float64 JavaScript. Scores are exact (enumeration of the 2^(ΣK)
 * joint latent states, with log-sum-exp) up to `params.maxStates` states and importance-sampling estimates beyond;
 * `transform` gives the exact posterior probability of each latent of a layer, or Gibbs marginals beyond the limit.
 */
export class FittedDde extends FittedBase<DdeParams, DdeState> {
  /** The mean log p(x_i) and its standard error (0 when exact). */
  readonly scoreNames = ['logLikelihood', 'logLikelihoodSE'] as const;

  /** K_1: the columns of `transform` for layer 1. */
  get latentDim(): number {
    return this.widths[0];
  }
  /** D: `transform(data, { layer })` takes layer 1 … D. */
  get latentLayers(): number {
    return this.state.layers.length;
  }
  /** The widths K_1 > … > K_D, bottom-up. */
  get widths(): number[] {
    return layerWidths(this.state);
  }
  /** Free parameters: non-zero slopes, intercepts, top probabilities and the variances of Normal columns. */
  get nParameters(): number {
    return ddeFreeParameters(this.state);
  }
  /** Whether scores and transforms enumerate exactly: 2^(ΣK) ≤ `maxStates`. */
  get exact(): boolean {
    return jointStateCount(this.widths) <= this.params.maxStates;
  }

  private prepared(data: Dataset): DdeData {
    return prepareForState(this.state, requireColumns(requireDense(data, DDE_KEY), this.columns, DDE_KEY));
  }

  /** log p(x_i) per row with its standard error: exact by enumeration where possible, else importance sampling. */
  logLikelihood(data: Dataset): ImportanceEstimate {
    const prepared = this.prepared(data);
    if (this.exact) return { logLik: exactLogLikelihood(this.state, prepared, this.params.maxStates), standardError: new Float64Array(prepared.nRows) };
    return importanceLogLikelihood(this.state, prepared, SCORE_IMPORTANCE);
  }

  /** log p(x_i) of every row. */
  scoreSamples(data: Dataset): Float64Array {
    return this.logLikelihood(data).logLik;
  }

  /** The mean log-likelihood per row, (1/N) Σ_i log p(x_i), in nats. */
  score(data: Dataset): number {
    return mean(this.scoreSamples(data));
  }

  /** `logLikelihood`: the mean log p(x_i); `logLikelihoodSE`: its standard error √(Σ SE_i²)/N (0 when exact). */
  scores(data: Dataset): Record<string, number> {
    const { logLik, standardError } = this.logLikelihood(data);
    let v = 0;
    for (const s of standardError) v += s * s;
    return { logLikelihood: mean(logLik), logLikelihoodSE: Math.sqrt(v) / logLik.length };
  }

  /**
   * P(A^(d)_k = 1 | x_i) for every row and latent of layer d = `options.layer` (1, nearest the data, by default),
   * columns `a<d>_1 … a<d>_K_d`: exact by enumeration, or Gibbs marginals beyond `maxStates`.
   */
  transform(data: Dataset, options: TransformOptions = {}): LatentMatrix {
    const layer = options.layer ?? 1;
    const depth = this.latentLayers;
    if (!Number.isInteger(layer) || layer < 1 || layer > depth)
      throw new Error(`${DDE_KEY}: transform layer must be an integer from 1 to ${depth}, got ${layer}`);
    const prepared = this.prepared(data);
    const width = this.widths[layer - 1];
    const values = this.exact
      ? exactLayerPosterior(this.state, prepared, layer, this.params.maxStates)
      : gibbsMarginals(this.state, prepared, { seed: 0 })[layer - 1];
    return { nRows: prepared.nRows, nCols: width, values, columns: latentNames(layer, width) };
  }

  /** Draw `n` rows ancestrally, top layer first; every layer's latents are returned as `factors`. */
  sample(n: number, seed: number): DenseDataset {
    return sampleDde(this.state, n, seed, `samples of ${DDE_KEY}`);
  }

  /** Bayesian information criterion −2 N·score + p log N (lower is better). */
  bic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + this.nParameters * Math.log(data.nRows);
  }

  /** Akaike information criterion −2 N·score + 2p (lower is better). */
  aic(data: Dataset): number {
    return -2 * this.score(data) * data.nRows + 2 * this.nParameters;
  }

  /** `{ ebic }`: the reference scripts' extended BIC on `data` (see `ebic`; lower is better). */
  criteria(data: Dataset): Readonly<Record<string, number>> {
    const total = this.score(data) * data.nRows;
    return { ebic: ebic(total, data.nRows, ebicDegreesOfFreedom(this.state), ebicModelSize(this.state)) };
  }

  /** The layered graph, coefficient heatmaps, objective trace and, with `data`, the image templates. */
  views(data?: Dataset): readonly ModelView[] {
    return ddeViews(this.state, this.info, data);
  }

  /** Layer widths, families, engine and sampler, λ/τ per layer, chosen widths and the initial-graph agreement. */
  report(): ReportSection {
    return ddeReport(this.state, { key: this.key, engine: this.info.engine, iterations: this.iterations, converged: this.converged }, this.params);
  }

  /** The state in the documented field order (so a restored model saves the same bytes). */
  protected stateJSON(): unknown {
    const s = this.state;
    const ordered: DdeState = {
      layers: s.layers,
      topProbabilities: s.topProbabilities,
      families: s.families,
      ...(s.variances && { variances: s.variances }),
      columns: s.columns,
      ...(s.selection && { selection: s.selection }),
      ...(s.initialLayers && { initialLayers: s.initialLayers }),
    };
    return JSON.parse(JSON.stringify(ordered)) as unknown;
  }
}

const mean = (xs: Float64Array): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};

/** Wrap an engine result as a fitted DDE. */
export function ddeFromResult(params: DdeParams, result: FitResult<DdeState>, _data: Dataset, info: FitInfo): FittedDde {
  return new FittedDde(params, result.state, info);
}
