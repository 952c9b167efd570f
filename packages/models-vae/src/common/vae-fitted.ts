import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import { FittedBase, type FitInfo, type FitResult, type LatentMatrix, type ModelView, type ReportSection } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { disposeWeights, weightsToJson } from '../nn/weights.js';
import { likelihoodMean, likelihoodParamName, sampleLikelihood } from './likelihood.js';
import { decodeWidthOf, type VaeFamily, type VaeState } from './vae-family.js';
import type { VaeCommonParams, VaeTrainingParams } from './vae-params.js';
import { vaeReport } from './vae-report.js';
import { constantColumnsNotice, dataInfo, type DataInfo, prepareVaeData, sliceBatch, type RowUse, type VaeData } from './vae-data.js';
import { chunkRowsOf, elboRowsOf, evaluateVae } from './vae-terms.js';
import { vaeViews } from './vae-views.js';

/** Seed of the latent draws `score`/`scores` use, so that a fitted model scores a dataset the same way every time. */
export const EVAL_SEED = 20240517;

/**
 * A fitted model of the VAE family. `score` is the mean per-row ELBO (nats) with one latent draw per row from a
 * fixed seed; `scores` adds the IWAE bound (when `iwaeSamples` > 0) and, for Gaussian data, the mean squared
 * error of the reconstruction E[x | z = posterior mean]. `transform` gives posterior means.
 */
export class FittedVae<P extends VaeTrainingParams = VaeCommonParams> extends FittedBase<P, VaeState> {
  /** The model family (`vae/vae`, `vae/sparse-vae`, …): its networks, loss and posterior summary. */
  readonly family: VaeFamily<P>;
  /** `elbo` (primary), then `iwae` when `iwaeSamples` > 0, `mse` for Gaussian data and the family's extra scores. */
  readonly scoreNames: readonly string[];

  /** Wraps a trained state of `family` with its hyperparameters and fit record, and lists its score names. Throws nothing. */
  constructor(family: VaeFamily<P>, params: P, state: VaeState, info: FitInfo) {
    super(params, state, info);
    this.family = family;
    this.scoreNames = [
      'elbo',
      ...(params.iwaeSamples > 0 ? ['iwae'] : []),
      ...(params.likelihood === 'gaussian' ? ['mse'] : []),
      ...(family.extraScoreNames?.(params) ?? []),
    ];
  }

  /** One-line notes about the training data (constant columns of Gaussian data); empty when there are none. */
  override get notices(): readonly string[] {
    return this.info.notices ?? [];
  }
  /** Number of columns `transform` returns (latent dimensions; one per class of each categorical code). */
  get latentDim(): number {
    return this.family.latentColumns(this.params, this.state).length;
  }

  private withData<T>(data: Dataset, use: (p: VaeData) => T, rows: RowUse = 'score'): T {
    const ds = requireColumns(requireDense(data, this.key), this.columns, this.key);
    const groups = this.family.rowGroups?.(this.params, ds, rows, this.state.groups) ?? null;
    return use(prepareVaeData(ds, this.params.likelihood, this.key, this.state.input, groups));
  }

  /** Mean per-row ELBO (nats). */
  score(data: Dataset): number {
    return this.withData(data, (p) => evaluateVae(this.family, this.state, this.params, p, { rng: createRng(EVAL_SEED) }).elbo);
  }

  /** The ELBO of each row (nats), one latent draw per row from the same fixed seed as `score`, whose mean it is. */
  scoreSamples(data: Dataset): Float64Array {
    return this.withData(data, (p) => elboRowsOf(this.family, this.state, this.params, p, createRng(EVAL_SEED)));
  }

  /** Every score the model computes on `data`, by name (`score` among them). */
  scores(data: Dataset): Record<string, number> {
    return this.withData(data, (p) => {
      const { elbo, iwae } = evaluateVae(this.family, this.state, this.params, p, { rng: createRng(EVAL_SEED), iwaeSamples: this.params.iwaeSamples });
      const extra = this.family.extraScores?.(this.state, this.params, p, elboRowsOf(this.family, this.state, this.params, p, createRng(EVAL_SEED)));
      return {
        elbo,
        ...(iwae !== undefined && { iwae }),
        ...(this.params.likelihood === 'gaussian' && { mse: this.meanSquaredError(p) }),
        ...extra,
      };
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
    const columns = this.family.latentColumns(this.params, this.state);
    return this.withData(
      data,
      (p) => {
        const { values } = this.rowsOf(p, (s, e) => this.family.encode(this.state, this.params, sliceBatch(p, s, e)));
        return { nRows: p.n, nCols: columns.length, values, columns };
      },
      'transform',
    );
  }

  /** E[x | z = posterior mean] for every row, in the data's columns. */
  reconstruct(data: Dataset): DenseDataset {
    return this.withData(data, (p) => {
      const { values } = this.rowsOf(p, (s, e) =>
        likelihoodMean(this.params.likelihood, this.state.weights, this.family.reconstruct(this.state, this.params, sliceBatch(p, s, e))),
      );
      return { kind: 'dense', nRows: p.n, nCols: p.d, values, columns: [...this.columns], source: `reconstruction by ${this.key}` };
    });
  }

  /**
   * The decoder mean E[x | z] for given latents, in the data's columns: either `latentDim` columns as `transform`
   * returns them (for the hierarchical VAE the bottom layer z₁ is decoded, its first columns) or exactly the
   * decoder's input width (`family.decodeWidth`).
   */
  decode(latents: Pick<LatentMatrix, 'nRows' | 'values'> & { readonly nCols?: number }): DenseDataset {
    const width = decodeWidthOf(this.family, this.params, this.state);
    const cols = latents.nCols ?? (latents.nRows > 0 ? latents.values.length / latents.nRows : width);
    if ((cols !== width && cols !== this.latentDim) || latents.values.length !== latents.nRows * cols)
      throw new Error(
        `${this.key}: decode needs ${width} (or ${this.latentDim}) latent values per row, got ${latents.values.length} for ${latents.nRows} rows`,
      );
    const z = new Float32Array(latents.nRows * width);
    for (let i = 0; i < latents.nRows; i++) for (let a = 0; a < width; a++) z[i * width + a] = latents.values[i * cols + a];
    const t = tf.tidy(() =>
      likelihoodMean(this.params.likelihood, this.state.weights, this.family.decode(this.state, this.params, tf.tensor2d(z, [latents.nRows, width]))),
    );
    const values = Float64Array.from(t.dataSync());
    t.dispose();
    return { kind: 'dense', nRows: latents.nRows, nCols: this.columns.length, values, columns: [...this.columns], source: `decoded by ${this.key}` };
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
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.columns], source: `samples of ${this.key}` };
  }

  protected stateJSON(): Record<string, unknown> {
    const { input, extra } = this.state;
    return {
      weights: weightsToJson(this.state.weights),
      input: { kind: input.kind, shift: input.shift && Array.from(input.shift), scale: input.scale && Array.from(input.scale) },
      extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)])),
      ...(this.state.groups && { groups: [...this.state.groups] }),
    };
  }

  /**
   * Decoded latent traversals as images when the columns form a square image (D = s², s ≥ 4), else the first two
   * latent means of `data` as a scatter (or, without data, the first decoder layer's weights), plus the model's own
   * views (the Sparse VAE's W).
   */
  views(data?: Dataset): readonly ModelView[] {
    return this.family.fittedViews?.(this, data) ?? vaeViews(this, data);
  }

  /** The model's section of the HTML report: plots and numbers, with data-dependent plots when `data` is given. */
  report(data?: Dataset): ReportSection {
    return vaeReport(this, data);
  }

  override dispose(): void {
    disposeWeights(this.state.weights);
  }
}

/** Wrap an engine result as a fitted model (takes ownership of the weights); a notice names constant Gaussian columns. */
export function vaeFromResult<P extends VaeTrainingParams>(
  family: VaeFamily<P>,
  params: P,
  result: FitResult<VaeState>,
  data: Dataset,
  info: FitInfo,
  streamed?: DataInfo,
): FittedVae<P> {
  const notice = params.likelihood === 'gaussian' ? constantColumnsNotice(family.key, streamed ?? dataInfo(requireDense(data, family.key))) : undefined;
  return new FittedVae(family, params, result.state, notice ? { ...info, notices: [...(info.notices ?? []), notice] } : info);
}
