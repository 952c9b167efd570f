import type { DenseDataset, RowSource } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { countLogNormalizer, type LikelihoodKind } from './likelihood.js';

/**
 * How rows are turned into the encoder's input, fixed at fit time and saved with the model:
 * `standardize` (x − shift)/scale per column (Gaussian data), `log1p` log(1 + x) (counts), `identity` (binary).
 */
export interface InputTransform {
  /** Which transform: `standardize`, `log1p` or `identity`. */
  readonly kind: 'standardize' | 'log1p' | 'identity';
  /** The column means subtracted by `standardize` (D); null for the other kinds. */
  readonly shift: Float64Array | null;
  /** The column standard deviations divided by `standardize` (D; 1 for constant columns); null for the other kinds. */
  readonly scale: Float64Array | null;
}

/** Column summaries of the training data. */
export interface DataInfo {
  /** Number of training rows N. */
  readonly n: number;
  /** Number of columns D. */
  readonly d: number;
  /** The D column names, in order. */
  readonly columns: readonly string[];
  /** Column means x̄_j (D), in float64. */
  readonly mean: Float64Array;
  /** Population standard deviation per column (1 where a column is constant, see {@link CONSTANT_SPREAD}). */
  readonly sd: Float64Array;
  /** Indices of the constant columns, whose `sd` is set to 1. */
  readonly constant: readonly number[];
  /** Names of the target row groups, in the order of their codes 1..G (families with row groups; see {@link RowGroupCodes}). */
  readonly groups?: readonly string[];
}

/**
 * The rows' groups as a family reads them: `codes[i]` is 0 for a background row and g ≥ 1 for a row of the g-th target
 * group (or 1 for every target row when the family does not tell the target groups apart), and `names` the target
 * groups' names in code order, recorded in the fitted state so that new data map their groups by name.
 */
export interface RowGroupCodes {
  /** Group code of every row (N): 0 background, g ≥ 1 the g-th target group. */
  readonly codes: Float32Array;
  /** Names of the target groups, in code order (code g is `names[g − 1]`). */
  readonly names: readonly string[];
}

/**
 * A column is treated as constant when its standard deviation is at most this fraction of its absolute mean (or
 * exactly 0): such a spread is below float32 resolution (6e-8), so the likelihood's float32 targets cannot see it.
 */
export const CONSTANT_SPREAD = 1e-8;

/**
 * Rows as float32 arrays, built once per fit or per scoring call; minibatches become tensors on demand
 * (copying rows in JS is much faster than `tf.gather` on the wasm backend, and no N × D tensor stays allocated).
 */
export interface VaeData {
  /** Number of rows N. */
  readonly n: number;
  /** Number of columns D. */
  readonly d: number;
  /** Observed values (row-major N × D), the likelihood's target. */
  readonly x: Float32Array;
  /** Encoder input when it differs from `x`, else null. */
  readonly xEnc: Float32Array | null;
  /** Per-row −Σ_j log x_ij! for count likelihoods, else null. */
  readonly logNorm: Float32Array | null;
  /** Column summaries of the training data (those of the fit, when scoring new rows). */
  readonly info: DataInfo;
  /** The transform that made `xEnc` from the rows. */
  readonly input: InputTransform;
  /** Per-row group code (0 background, g ≥ 1 target group g; {@link RowGroupCodes}) for models that use row groups, else null. */
  readonly target: Float32Array | null;
  /** The number of training rows when these rows are one streamed minibatch of them (else `n`). */
  readonly nTrain?: number;
}

/** What the rows are prepared for: fitting, scoring (ELBO, reconstruction) or `transform` (encoders only). */
export type RowUse = 'fit' | 'score' | 'transform';

/** One minibatch of {@link VaeData}. */
export interface Batch {
  /** Number of rows B of the minibatch. */
  readonly size: number;
  /** Observed values, the likelihood's target (B × D). */
  readonly x: tf.Tensor2D;
  /** Encoder input (B × D); the same tensor as `x` when the rows need no transform. */
  readonly xEnc: tf.Tensor2D;
  /** Per-row −Σ_j log x_ij! for count likelihoods (B), else null. */
  readonly logNorm: tf.Tensor1D | null;
  /** The rows' group codes (0 background, g ≥ 1 target group g), or null (see {@link VaeData.target}). */
  readonly target: Float32Array | null;
}

/**
 * Check that every value suits the likelihood: finite everywhere, in [0, 1] for Bernoulli, non-negative integers
 * for Poisson and negative binomial.
 * @throws Error naming the row, the column, the value and what was expected.
 */
export function checkValues(ds: DenseDataset, kind: LikelihoodKind, key: string, firstRow = 0): void {
  const { nRows: n, nCols: d, values } = ds;
  const what = kind === 'bernoulli' ? 'values in [0, 1]' : kind === 'gaussian' ? 'finite values' : 'non-negative integer counts';
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      const ok = Number.isFinite(v) && (kind === 'gaussian' || (kind === 'bernoulli' ? v >= 0 && v <= 1 : v >= 0 && Number.isInteger(v)));
      if (!ok) {
        const line = ds.lines ? ` (line ${ds.lines[i]})` : '';
        throw new Error(
          `${key} with likelihood '${kind}' needs ${what}, but row ${firstRow + i + 1}${line}, column '${ds.columns[j]}' of ${ds.source ?? 'the data'} is ${v}`,
        );
      }
    }
  }
}

/**
 * Column means and population standard deviations of the rows, in float64 by a corrected two-pass (mean m, then
 * m + Σ(x − m)/N, then Σ(x − x̄)²/N), so a constant column gets a standard deviation of exactly 0 and a shifted one
 * loses no digits. A column whose standard deviation is at most {@link CONSTANT_SPREAD}·|mean| is constant: its
 * `sd` is 1 (as scikit-learn's StandardScaler scales constant columns by 1), so the encoder sees x − x̄ ≈ 0 and the
 * Gaussian likelihood's scale starts at 1 instead of at a rounding residue (which made the ELBO about −1e25).
 */
export function dataInfo(ds: DenseDataset): DataInfo {
  const { nRows: n, nCols: d, values } = ds;
  const sums = new Float64Array(d);
  addSums(sums, values, n, d);
  const mean = meanOf(sums, n);
  const correction = new Float64Array(d);
  addDeviations(correction, values, n, d, mean, 1);
  correctMean(mean, correction, n);
  const squares = new Float64Array(d);
  addDeviations(squares, values, n, d, mean, 2);
  return infoOf(n, ds.columns, mean, squares);
}

/**
 * {@link dataInfo} of the rows of a streamed source, in three passes (sums, corrections, squares), with the same
 * arithmetic in the same row order, so the same numbers to the bit; the first pass also checks every value
 * ({@link checkValues}, naming the row and its line).
 */
export async function streamedDataInfo(source: RowSource, kind: LikelihoodKind, key: string): Promise<DataInfo> {
  const d = source.nCols;
  const sums = new Float64Array(d);
  let n = 0;
  for await (const b of source.blocks()) {
    const rows: DenseDataset = { kind: 'dense', nRows: b.nRows, nCols: d, values: b.values, columns: source.columns, source: source.source };
    checkValues(b.lines ? { ...rows, lines: b.lines } : rows, kind, key, b.start);
    addSums(sums, b.values, b.nRows, d);
    n += b.nRows;
  }
  if (n === 0) throw new Error(`${key}: ${source.source} has no rows to fit`);
  const mean = meanOf(sums, n);
  const correction = new Float64Array(d);
  for await (const b of source.blocks()) addDeviations(correction, b.values, b.nRows, d, mean, 1);
  correctMean(mean, correction, n);
  const squares = new Float64Array(d);
  for await (const b of source.blocks()) addDeviations(squares, b.values, b.nRows, d, mean, 2);
  return infoOf(n, source.columns, mean, squares);
}

function addSums(sums: Float64Array, values: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sums[j] += values[i * d + j];
}

function meanOf(sums: Float64Array, n: number): Float64Array {
  const mean = new Float64Array(sums);
  for (let j = 0; j < mean.length; j++) mean[j] /= n;
  return mean;
}

/** Add Σ(x − m) (power 1) or Σ(x − m)² (power 2) of the rows to `acc`, per column. */
function addDeviations(acc: Float64Array, values: Float64Array, n: number, d: number, mean: Float64Array, power: 1 | 2): void {
  if (power === 1) for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) acc[j] += values[i * d + j] - mean[j];
  else for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) acc[j] += (values[i * d + j] - mean[j]) ** 2;
}

function correctMean(mean: Float64Array, correction: Float64Array, n: number): void {
  for (let j = 0; j < mean.length; j++) mean[j] += correction[j] / n;
}

/** The summaries from the mean and the sums of squared deviations (constant columns get sd 1). */
function infoOf(n: number, columns: readonly string[], mean: Float64Array, squares: Float64Array): DataInfo {
  const d = mean.length;
  const sd = squares;
  const constant: number[] = [];
  for (let j = 0; j < d; j++) {
    sd[j] = Math.sqrt(sd[j] / n);
    if (!(sd[j] > CONSTANT_SPREAD * Math.abs(mean[j]))) {
      sd[j] = 1;
      constant.push(j);
    }
  }
  return { n, d, columns: [...columns], mean, sd, constant };
}

/** The one-line notice for the constant columns of Gaussian data, or undefined when there are none. */
export function constantColumnsNotice(key: string, info: DataInfo): string | undefined {
  if (info.constant.length === 0) return undefined;
  const names = info.constant.map((j) => `'${info.columns[j]}'`).join(', ');
  const what = info.constant.length === 1 ? `column ${names} is constant` : `columns ${names} are constant`;
  return `${key}: ${what} (spread below ${CONSTANT_SPREAD} of the mean); standardised with scale 1, as scikit-learn's StandardScaler does`;
}

/** The encoder input transform for a likelihood, from the training data's column summaries. */
export function inputTransformFor(kind: LikelihoodKind, info: DataInfo): InputTransform {
  if (kind === 'gaussian') return { kind: 'standardize', shift: info.mean, scale: info.sd };
  if (kind === 'bernoulli') return { kind: 'identity', shift: null, scale: null };
  return { kind: 'log1p', shift: null, scale: null };
}

/** Build the tensors of `ds` for a likelihood and an encoder input transform (and the rows' groups, if any). */
export function prepareVaeData(ds: DenseDataset, kind: LikelihoodKind, key: string, input?: InputTransform, groups: RowGroupCodes | null = null): VaeData {
  checkValues(ds, kind, key);
  const info = { ...dataInfo(ds), ...(groups && { groups: groups.names }) };
  return vaeRows(ds.values, ds.nRows, kind, info, input ?? inputTransformFor(kind, info), groups?.codes ?? null);
}

/**
 * What a streamed fit reads before its epochs: the training rows' summaries ({@link streamedDataInfo}) and the input
 * transform, with no rows (`n` is the number of training rows, `x` empty); {@link streamedBatchData} prepares each
 * minibatch against it.
 */
export async function prepareVaeStream(source: RowSource, kind: LikelihoodKind, key: string): Promise<VaeData> {
  const info = await streamedDataInfo(source, kind, key);
  return vaeRows(new Float64Array(0), 0, kind, info, inputTransformFor(kind, info), null, info.n);
}

/** One streamed minibatch's rows, prepared as {@link prepareVaeData} prepares them, against the streamed summaries. */
export function streamedBatchData(summary: VaeData, kind: LikelihoodKind, rows: { readonly values: Float64Array; readonly nRows: number }): VaeData {
  return { ...vaeRows(rows.values, rows.nRows, kind, summary.info, summary.input, null), nTrain: summary.n };
}

/** The rows' float32 values, encoder input and count normaliser for a likelihood, an input transform and summaries. */
function vaeRows(values: Float64Array, n: number, kind: LikelihoodKind, info: DataInfo, tr: InputTransform, target: Float32Array | null, nRows = n): VaeData {
  const d = info.d;
  const x = Float32Array.from(values);
  let enc: Float32Array | null = null;
  if (tr.kind === 'standardize') {
    enc = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) enc[i * d + j] = (values[i * d + j] - tr.shift![j]) / tr.scale![j];
  } else if (tr.kind === 'log1p') {
    enc = Float32Array.from(values, (v) => Math.log1p(v));
  }
  const counts = kind === 'poisson' || kind === 'negative-binomial';
  return { n: nRows, d, x, xEnc: enc, logNorm: counts ? countLogNormalizer(values, n, d) : null, info, input: tr, target };
}

function pickRows(values: Float32Array, rows: Int32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(values.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return out;
}

/**
 * The rows `rows` of prepared data as prepared data of their own (copies; `nTrain` keeps the number of training rows,
 * so that the loss on all of them equals the loss on `rows` of `p`).
 */
export function batchRows(p: VaeData, rows: Int32Array): VaeData {
  return {
    ...p,
    n: rows.length,
    x: pickRows(p.x, rows, p.d),
    xEnc: p.xEnc && pickRows(p.xEnc, rows, p.d),
    logNorm: p.logNorm && pickRows(p.logNorm, rows, 1),
    target: p.target && pickRows(p.target, rows, 1),
    nTrain: p.nTrain ?? p.n,
  };
}

/** The rows `rows` of prepared data as tensors (call inside `tf.tidy`). */
export function gatherBatch(p: VaeData, rows: Int32Array): Batch {
  return sliceBatch(batchRows(p, rows), 0, rows.length);
}

/** The rows start..end−1 as a batch (call inside `tf.tidy`). */
export function sliceBatch(p: VaeData, start: number, end: number): Batch {
  const size = end - start;
  const x = tf.tensor2d(p.x.subarray(start * p.d, end * p.d), [size, p.d]);
  return {
    size,
    x,
    xEnc: p.xEnc ? tf.tensor2d(p.xEnc.subarray(start * p.d, end * p.d), [size, p.d]) : x,
    logNorm: p.logNorm ? tf.tensor1d(p.logNorm.subarray(start, end)) : null,
    target: p.target && p.target.subarray(start, end),
  };
}
