import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, ReportSection, SavedModel, TraceEntry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { meta } from '../meta.js';
import { disposeWeights, weightsToJson } from '../nn/weights.js';
import { likelihoodMean, likelihoodParamName, sampleLikelihood } from './likelihood.js';
import type { VaeFamily, VaeState } from './vae-family.js';
import type { VaeCommonParams } from './vae-params.js';
import { vaeReport } from './vae-report.js';
import { constantColumnsNotice, dataInfo, prepareVaeData, sliceBatch, type VaeData } from './vae-data.js';
import { chunkRowsOf, evaluateVae } from './vae-terms.js';

/** Seed of the latent draws `score`/`scores` use, so that a fitted model scores a dataset the same way every time. */
export const EVAL_SEED = 20240517;

/** Fit bookkeeping kept with the weights. */
export interface VaeFitInfo {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  readonly columns: readonly string[];
  readonly nRows: number;
  readonly source?: string;
  /** One-line notes about the training data (constant columns of Gaussian data); not saved. */
  readonly notices?: readonly string[];
}

/**
 * A fitted model of the VAE family. `score` is the mean per-row ELBO (nats) with one latent draw per row from a
 * fixed seed; `scores` adds the IWAE bound (when `iwaeSamples` > 0) and, for Gaussian data, the mean squared
 * error of the reconstruction E[x | z = posterior mean]. `transform` gives posterior means.
 */
export class FittedVae<P extends VaeCommonParams = VaeCommonParams> implements Fitted<P> {
  readonly key: string;
  readonly params: P;
  readonly state: VaeState;
  readonly info: VaeFitInfo;
  readonly family: VaeFamily<P>;
  readonly scoreNames: readonly string[];

  constructor(family: VaeFamily<P>, params: P, state: VaeState, info: VaeFitInfo) {
    this.family = family;
    this.key = family.key;
    this.params = params;
    this.state = state;
    this.info = info;
    this.scoreNames = ['elbo', ...(params.iwaeSamples > 0 ? ['iwae'] : []), ...(params.likelihood === 'gaussian' ? ['mse'] : [])];
  }

  get trace(): readonly TraceEntry[] {
    return this.info.trace;
  }
  get notices(): readonly string[] {
    return this.info.notices ?? [];
  }
  get iterations(): number {
    return this.info.iterations;
  }
  get converged(): boolean {
    return this.info.converged;
  }

  private withData<T>(data: Dataset, use: (p: VaeData) => T): T {
    const ds = requireColumns(requireDense(data, this.key), this.info.columns, this.key);
    return use(prepareVaeData(ds, this.params.likelihood, this.key, this.state.input));
  }

  /** Mean per-row ELBO (nats). */
  score(data: Dataset): number {
    return this.withData(data, (p) => evaluateVae(this.family, this.state, this.params, p, { rng: createRng(EVAL_SEED) }).elbo);
  }

  scores(data: Dataset): Record<string, number> {
    return this.withData(data, (p) => {
      const { elbo, iwae } = evaluateVae(this.family, this.state, this.params, p, { rng: createRng(EVAL_SEED), iwaeSamples: this.params.iwaeSamples });
      return { elbo, ...(iwae !== undefined && { iwae }), ...(this.params.likelihood === 'gaussian' && { mse: this.meanSquaredError(p) }) };
    });
  }

  /** Mean over rows and columns of (x − E[x | z = posterior mean])². */
  mse(data: Dataset): number {
    return this.withData(data, (p) => this.meanSquaredError(p));
  }

  private meanSquaredError(p: VaeData): number {
    let total = 0;
    const chunk = chunkRowsOf(this.family, this.params, p.d);
    for (let start = 0; start < p.n; start += chunk) {
      const end = Math.min(p.n, start + chunk);
      const s = tf.tidy(() => {
        const batch = sliceBatch(p, start, end);
        const mean = likelihoodMean(this.params.likelihood, this.state.weights, this.family.reconstruct(this.state, this.params, batch));
        return tf.sum(tf.squaredDifference(batch.x, mean));
      });
      total += s.dataSync()[0];
      s.dispose();
    }
    return total / (p.n * p.d);
  }

  private rowsOf(p: VaeData, f: (start: number, end: number) => tf.Tensor2D): { values: Float64Array; cols: number } {
    const parts: Float32Array[] = [];
    let cols = 0;
    const chunk = chunkRowsOf(this.family, this.params, p.d);
    for (let start = 0; start < p.n; start += chunk) {
      const t = tf.tidy(() => f(start, Math.min(p.n, start + chunk)));
      cols = t.shape[1];
      parts.push(t.dataSync() as Float32Array);
      t.dispose();
    }
    const values = new Float64Array(p.n * cols);
    let off = 0;
    for (const part of parts) {
      values.set(part, off);
      off += part.length;
    }
    return { values, cols };
  }

  /** Posterior means per row. */
  transform(data: Dataset): LatentMatrix {
    const columns = this.family.latentColumns(this.params);
    return this.withData(data, (p) => {
      const { values } = this.rowsOf(p, (s, e) => this.family.encode(this.state, this.params, sliceBatch(p, s, e)));
      return { nRows: p.n, nCols: columns.length, values, columns };
    });
  }

  /** E[x | z = posterior mean] for every row, in the data's columns. */
  reconstruct(data: Dataset): DenseDataset {
    return this.withData(data, (p) => {
      const { values } = this.rowsOf(p, (s, e) =>
        likelihoodMean(this.params.likelihood, this.state.weights, this.family.reconstruct(this.state, this.params, sliceBatch(p, s, e))),
      );
      return { kind: 'dense', nRows: p.n, nCols: p.d, values, columns: [...this.info.columns], source: `reconstruction by ${this.key}` };
    });
  }

  /**
   * E[x | z] for given latents (`latentDim` values per row, row-major), e.g. to trace how features respond to one
   * latent dimension.
   */
  decode(latents: { readonly nRows: number; readonly values: ArrayLike<number> }): DenseDataset {
    const k = this.params.latentDim;
    if (latents.values.length !== latents.nRows * k)
      throw new Error(`${this.key}: decode needs ${k} latent values per row, got ${latents.values.length} for ${latents.nRows} rows`);
    const t = tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(latents.values), [latents.nRows, k]);
      return likelihoodMean(this.params.likelihood, this.state.weights, this.family.decode(this.state, this.params, z));
    });
    const values = Float64Array.from(t.dataSync());
    t.dispose();
    return { kind: 'dense', nRows: latents.nRows, nCols: this.info.columns.length, values, columns: [...this.info.columns], source: `decoded by ${this.key}` };
  }

  /** Draw `n` rows: z from the prior, then x ~ p(x | z). */
  sample(n: number, seed: number): DenseDataset {
    const rng = createRng(seed);
    const out = tf.tidy(() => this.family.generate(this.state, this.params, n, rng));
    const outValues = out.dataSync() as Float32Array;
    const d = out.shape[1];
    out.dispose();
    const pname = likelihoodParamName(this.params.likelihood);
    const pvals = pname ? (this.state.weights[pname].dataSync() as Float32Array) : null;
    const values = sampleLikelihood(this.params.likelihood, outValues, pvals, n, d, rng);
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.info.columns], source: `samples of ${this.key}` };
  }

  toJSON(): SavedModel {
    const { input, extra } = this.state;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: this.key,
      plugin: { name: meta.name, version: meta.version },
      params: JSON.parse(JSON.stringify(this.params)),
      data: {
        kind: 'dense',
        nCols: this.info.columns.length,
        columns: [...this.info.columns],
        nRows: this.info.nRows,
        ...(this.info.source && { source: this.info.source }),
      },
      fit: {
        engine: this.info.engine,
        seed: this.info.seed,
        iterations: this.info.iterations,
        converged: this.info.converged,
        seconds: this.info.seconds,
        trace: this.info.trace,
      },
      state: {
        weights: weightsToJson(this.state.weights),
        input: { kind: input.kind, shift: input.shift && Array.from(input.shift), scale: input.scale && Array.from(input.scale) },
        extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)])),
      },
    };
  }

  report(data?: Dataset): ReportSection {
    return vaeReport(this, data);
  }

  dispose(): void {
    disposeWeights(this.state.weights);
  }
}

/** Wrap an engine result as a fitted model (takes ownership of the weights). */
export function vaeFromResult<P extends VaeCommonParams>(family: VaeFamily<P>, params: P, result: FitResult<VaeState>, data: Dataset): FittedVae<P> {
  const ds = requireDense(data, family.key);
  const notice = params.likelihood === 'gaussian' ? constantColumnsNotice(family.key, dataInfo(ds)) : undefined;
  return new FittedVae(family, params, result.state, {
    engine: result.engine,
    seed: result.seed,
    iterations: result.iterations,
    converged: result.converged,
    seconds: result.seconds,
    trace: result.trace,
    columns: [...ds.columns],
    nRows: ds.nRows,
    ...(ds.source && { source: ds.source }),
    ...(notice && { notices: [notice] }),
  });
}
