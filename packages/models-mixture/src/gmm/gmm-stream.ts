import { Reservoir, reservoirSampleRows, type DenseDataset, type Rng, type RowBlock, type RowSource } from '@latentkit/core';
import type { EmStreamTerms, StreamContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { blockEStep, disposePlan, planEStep, uploadPlan, type PlanTensors } from './gmm-block-estep.js';
import { disposeGmmData, prepareGmmData, type GmmData } from './gmm-data.js';
import { alignedRowBlocks } from './gmm-row-blocks.js';
import { gmmInit } from './gmm-init.js';
import type { GmmParams } from './gmm-params.js';
import { degenerateComponents, Float64Refine } from './gmm-refine.js';
import { addBlockSums, finishMoments, momentSums, ROW_BLOCK, type GmmStats } from './gmm-stats.js';
import { logWeightsOf, type GmmState } from './gmm-state.js';

/** Rows of the initialisation sample of a streamed fit when `initSample` is not set (8 blocks). */
export const STREAM_INIT_SAMPLE = 65_536;

/** What a streamed `mixture/gmm` fit reads every iteration: the source, its size and centre, the restarts' samples. */
export interface GmmStreamData {
  readonly source: RowSource;
  readonly n: number;
  readonly d: number;
  /** Column means c, summed row by row as `observedColumnMeans` does in memory (the same bits). */
  readonly center: Float64Array;
  /** The initialisation sample of each restart, in restart order (none with `warmStart`). */
  readonly samples: readonly DenseDataset[];
  /** Restarts initialised so far (the engine initialises them in order). */
  next: number;
  /** A sharded fit's shards' first rows in the concatenated rows, in shard order (`withShards`); absent otherwise. */
  readonly firstRows?: readonly number[];
}

/** The generators of a sampled initialisation: the sample's, then the initialisation's (k-means). */
export const initRngs = (rng: Rng): { sample: Rng; init: Rng } => {
  const [sample, init] = rng.split(2);
  return { sample, init };
};

/**
 * `gmmInit` on a seeded reservoir sample of `size` rows of `data` (`initSample` in memory): the rows a streamed
 * fit samples from the same rows with the same generator, so both start at the same parameters.
 */
export function sampledInit(params: GmmParams, data: GmmData, rng: Rng, size: number): GmmState {
  const { sample, init } = initRngs(rng);
  const rows = reservoirSampleRows({ kind: 'dense', nRows: data.n, nCols: data.d, values: data.values, columns: [] }, size, sample);
  return initOnSample(params, rows, data.center, init);
}

function initOnSample(params: GmmParams, rows: DenseDataset, center: Float64Array, rng: Rng): GmmState {
  const sampleData = prepareGmmData(rows, center, { who: 'mixture/gmm (initialisation sample)' });
  try {
    return gmmInit(params, sampleData, rng);
  } finally {
    disposeGmmData(sampleData);
  }
}

/**
 * The streamed terms of `mixture/gmm`: exact batch EM reading the source once per iteration.
 * - `prepare`, one pass: the column means (the centre of the float32 rows), the number of rows, a check that every
 *   cell is finite (missing values are fitted in memory only), and one reservoir sample per restart.
 * - `init`: the model's initialisation (k-means by default) on the restart's sample, as `initSample` does in memory.
 * - `eStep`, one pass: each block of `ROW_BLOCK` rows (the source reads a multiple of them at a time) goes through
 *   `blockEStep`, the kernel of the in-memory E-step, and the block sums are added in block order, so the statistics
 *   and the log-likelihood are those of the in-memory E-step to the bit. Components whose float32 statistics are degenerate (rare: a component collapsing onto a few
 *   points) are recomputed in float64 by two more passes (`Float64Refine`, the same sums as `refineInFloat64`).
 */
export function gmmStreamTerms(params: GmmParams): EmStreamTerms<GmmState, GmmStreamData, GmmStats> {
  return {
    prepare: (source, context) => prepareStream(params, source, context),
    init: (p, rng) => {
      if (params.warmStart) return gmmInit(params, { d: p.d } as GmmData, rng);
      const sample = p.samples[p.next++ % p.samples.length];
      return initOnSample(params, sample, p.center, initRngs(rng).init);
    },
    eStep: (state, p) => streamedEStep(state, p),
  };
}

async function prepareStream(params: GmmParams, source: RowSource, context: StreamContext): Promise<GmmStreamData> {
  if (source.blockRows % ROW_BLOCK !== 0) {
    throw new Error(`mixture/gmm: a streamed fit reads blocks of a multiple of ${ROW_BLOCK} rows (the E-step's block), got a source of ${source.blockRows}`);
  }
  const d = source.nCols;
  const size = params.initSample ?? STREAM_INIT_SAMPLE;
  const reservoirs = params.warmStart ? [] : context.rngs.map((r) => new Reservoir(size, d, initRngs(r).sample));
  const sum = new Float64Array(d);
  let n = 0;
  for await (const block of source.blocks()) {
    checkFinite(block, source);
    const v = block.values;
    for (let i = 0; i < block.nRows; i++) for (let j = 0; j < d; j++) sum[j] += v[i * d + j];
    n += block.nRows;
    for (const r of reservoirs) r.add(block);
  }
  if (n < 2) throw new Error(`mixture/gmm needs at least 2 rows, but ${source.source} has ${n}`);
  if (n < params.nComponents) throw new Error(`mixture/gmm: nComponents=${params.nComponents} is more than the ${n} rows of the data`);
  const center = sum.map((s) => s / n);
  return { source, n, d, center, samples: reservoirs.map((r) => r.dataset(source.columns, source.source)), next: 0 };
}

/** A block's cells checked finite; the first that is not is an error naming its file and line (or row) and column. */
export function checkFinite(block: RowBlock, source: RowSource): void {
  const { values, nRows } = block;
  const d = source.nCols;
  for (let i = 0; i < nRows * d; i++) {
    if (values[i] - values[i] !== 0) {
      const r = Math.floor(i / d);
      const where = block.lines ? `${source.source}:${block.lines[r]}` : `${source.source} row ${block.start + r + 1}`;
      throw new Error(
        `mixture/gmm: ${where}, column '${source.columns[i % d]}' is ${values[i]}; a streamed fit needs complete rows of finite numbers (fit missing values in memory)`,
      );
    }
  }
}

/** A block's rows centred at `center` (float64, then rounded to float32, as `prepareGmmData`) with a 1 appended, and transposed. */
function blockTensors(block: RowBlock, d: number, center: Float64Array): { xOne: tf.Tensor2D; xOneT: tf.Tensor2D } {
  const size = block.nRows;
  const withOne = new Float32Array(size * (d + 1));
  const transposed = new Float32Array((d + 1) * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < d; j++) withOne[i * (d + 1) + j] = block.values[i * d + j] - center[j];
    withOne[i * (d + 1) + d] = 1;
    for (let j = 0; j <= d; j++) transposed[j * size + i] = withOne[i * (d + 1) + j];
  }
  return { xOne: tf.tensor2d(withOne, [size, d + 1]), xOneT: tf.tensor2d(transposed, [d + 1, size]) };
}

/** The source's block cut into the E-step's blocks of `ROW_BLOCK` rows (on the grid of the whole data). */
function* eStepBlocks(block: RowBlock, d: number): Generator<RowBlock> {
  for (const { start, size } of alignedRowBlocks(block.nRows, block.start, ROW_BLOCK)) {
    yield { values: block.values.subarray(start * d, (start + size) * d), nRows: size, start: block.start + start };
  }
}

/**
 * One pass: `blockEStep` on every E-step block of `ROW_BLOCK` rows of the source's blocks; `visit` gets each block's
 * responsibilities (then disposed).
 */
async function eachBlock(p: GmmStreamData, plan: PlanTensors, visit: (b: ReturnType<typeof blockEStep>, block: RowBlock) => void): Promise<void> {
  for await (const read of p.source.blocks()) {
    for (const block of eStepBlocks(read, p.d)) visitBlock(p, plan, block, visit);
  }
}

/** `blockEStep` on one block; `visit` gets its responsibilities (then disposed). */
function visitBlock(p: GmmStreamData, plan: PlanTensors, block: RowBlock, visit: (b: ReturnType<typeof blockEStep>, block: RowBlock) => void): void {
  const { xOne, xOneT } = blockTensors(block, p.d, p.center);
  try {
    const b = blockEStep(plan, { xOne, xOneT, values: block.values, rows: null, start: 0 });
    try {
      visit(b, block);
    } finally {
      b.resp.dispose();
    }
  } finally {
    tf.dispose([xOne, xOneT]);
  }
}

async function streamedEStep(state: GmmState, p: GmmStreamData): Promise<{ stats: GmmStats; objective: number }> {
  const { k, d } = state;
  const { plan, frame } = planEStep(state, p.center, logWeightsOf(state));
  const uploaded = uploadPlan(plan);
  try {
    const sums = momentSums(k, d);
    let sumLogLik = 0;
    await eachBlock(p, uploaded, (b, block) => {
      sumLogLik += b.logLik;
      addBlockSums(sums, b.nk, b.gfh, block.nRows);
    });
    let stats = finishMoments(sums, frame);
    const degenerate = [...new Set([...(plan.exact?.which ?? []), ...degenerateComponents(stats)])];
    if (degenerate.length > 0) {
      // Two more passes recompute the same responsibilities (same plan, same blocks) for the float64 sums.
      const refine = new Float64Refine(stats, degenerate);
      await eachBlock(p, uploaded, (b, block) => refine.addMeans(b.resp.dataSync() as Float32Array, block.values, null));
      await eachBlock(p, uploaded, (b, block) => refine.addScatter(b.resp.dataSync() as Float32Array, block.values, null));
      stats = refine.result();
    }
    return { stats, objective: sumLogLik / p.n };
  } finally {
    disposePlan(uploaded);
  }
}
