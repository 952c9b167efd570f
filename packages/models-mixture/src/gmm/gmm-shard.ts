import { denseSource, Reservoir, restoreRng, type DenseDataset, type RngState } from '@latentkit/core';
import { isShardedSource, shardRequestReader, type EmStreamTerms, type ShardServer, type ShardedSource, type StreamContext } from '@latentkit/registry';
import { blockEStep, disposePlan, planEStep, uploadPlan, type BlockEStep, type EStepPlan } from './gmm-block-estep.js';
import { disposeGmmData, prepareGmmData, type GmmData } from './gmm-data.js';
import { reduceBlocks, type BlockSums } from './gmm-estep.js';
import type { GmmParams } from './gmm-params.js';
import { logWeightsOf, type GmmState } from './gmm-state.js';
import type { GmmStats } from './gmm-stats.js';
import { checkFinite, initRngs, STREAM_INIT_SAMPLE, type GmmStreamData } from './gmm-stream.js';

/**
 * The chained first pass: column sums and row count so far, each shard's row count so far (in shard order), and each
 * restart's reservoir sample so far.
 */
interface PrepareAnswer {
  readonly n: number;
  readonly rows: number[];
  readonly sum: number[];
  readonly reservoirs: { readonly seen: number; readonly values: number[]; readonly rng: RngState }[];
}

/** One shard's answer to an E-step request: the sums of its row blocks, in block order (`BlockSums` as numbers). */
interface EStepAnswer {
  readonly blocks: { nk: number[]; gfh: number[]; logLik: number; sumRLogR: number; rows: number }[];
}

const WHO = 'mixture/gmm shard request';
const { record, list, count, numbers } = shardRequestReader(WHO);

/**
 * The streamed terms of `mixture/gmm` extended to sharded sources: with a {@link ShardedSource}, `prepare` and `eStep`
 * send their passes to the shards' workers instead of reading blocks, and `shard` answers them on a worker.
 * - `prepare`: one pass chained over the shards in shard order, carrying the column sums (added row after row, so the
 *   centre c has the bits of the streamed and in-memory fits) and each restart's reservoir sample with its generator's
 *   state (Algorithm R only depends on the rows and their order, so the sample is that of the concatenated rows).
 * - `eStep`: the plan of `planEStep` goes to every shard at once, with each shard's first row in the concatenated
 *   rows (learnt in `prepare`); each runs `blockEStep` on its rows cut on the concatenated rows' grid of `ROW_BLOCK`
 *   rows (`alignedRowBlocks`) and returns the block sums, which are reduced by `reduceBlocks` in shard order then
 *   block order, which is the concatenated rows' block order (a block that straddles a shard boundary comes in parts,
 *   added in shard order). When every shard boundary is a multiple of `ROW_BLOCK`, the blocks are those of the
 *   concatenated rows and the fit is the in-memory one bit for bit; otherwise only the straddling blocks differ,
 *   by the float32 rounding of their sums.
 * Components whose float32 statistics are degenerate need a float64 pass over their responsibilities that is not
 * sharded: such an E-step is an error of one line.
 */
export function withShards(params: GmmParams, terms: EmStreamTerms<GmmState, GmmStreamData, GmmStats>): EmStreamTerms<GmmState, GmmStreamData, GmmStats> {
  return {
    ...terms,
    prepare: (source, context) => (isShardedSource(source) ? prepareShards(params, source, context) : terms.prepare(source, context)),
    eStep: (state, p) => (isShardedSource(p.source) ? shardedEStep(state, p, p.source) : terms.eStep!(state, p)),
    shard: gmmShardServer,
  };
}

async function prepareShards(params: GmmParams, source: ShardedSource, context: StreamContext): Promise<GmmStreamData> {
  const d = source.nCols;
  const size = params.initSample ?? STREAM_INIT_SAMPLE;
  const rngs = params.warmStart ? [] : context.rngs.map((r) => initRngs(r).sample.state());
  const answer = (await source.passes.chain({ op: 'gmm/prepare', d, size, rngs })) as PrepareAnswer;
  const n = answer.n;
  if (n < 2) throw new Error(`mixture/gmm needs at least 2 rows, but ${source.source} has ${n}`);
  if (n < params.nComponents) throw new Error(`mixture/gmm: nComponents=${params.nComponents} is more than the ${n} rows of the data`);
  const center = Float64Array.from(answer.sum, (s) => s / n);
  let before = 0;
  const firstRows = answer.rows.map((rows) => (before += rows) - rows);
  const samples = answer.reservoirs.map((r): DenseDataset => ({
    kind: 'dense',
    nRows: r.values.length / d,
    nCols: d,
    values: Float64Array.from(r.values),
    columns: source.columns,
    source: source.source,
  }));
  return { source, n, d, center, samples, next: 0, firstRows };
}

async function shardedEStep(state: GmmState, p: GmmStreamData, source: ShardedSource): Promise<{ stats: GmmStats; objective: number }> {
  const { plan, frame } = planEStep(state, p.center, logWeightsOf(state));
  if (!p.firstRows) throw new Error("mixture/gmm: a sharded E-step needs the shards' first rows from its prepare pass");
  const request = { op: 'gmm/eStep', center: Array.from(p.center), firstRows: p.firstRows, plan: planJson(plan) };
  const answers = (await source.passes.all(request)) as EStepAnswer[];
  const blocks: BlockSums[] = answers.flatMap((a) =>
    a.blocks.map((b) => ({ nk: Float32Array.from(b.nk), gfh: Float32Array.from(b.gfh), logLik: b.logLik, sumRLogR: b.sumRLogR, rows: b.rows })),
  );
  const reduced = reduceBlocks(plan, frame, blocks);
  if (reduced.degenerate.length > 0) {
    throw new Error(
      `mixture/gmm: component${reduced.degenerate.length > 1 ? 's' : ''} ${reduced.degenerate.map((c) => c + 1).join(', ')} need a float64 pass that sharded EM does not make (degenerate or narrower than float32 resolves); fit in one process (--stream)`,
    );
  }
  return { stats: reduced.stats, objective: reduced.sumLogLik / p.n };
}

/** An {@link EStepPlan} as plain JSON. */
function planJson(plan: EStepPlan): Record<string, unknown> {
  const { k, d, exact } = plan;
  return {
    k,
    d,
    wb: Array.from(plan.wb),
    logConst: Array.from(plan.logConst),
    anchorsT: Array.from(plan.anchorsT),
    entropy: plan.entropy,
    exact: exact && {
      which: [...exact.which],
      means: Array.from(exact.components.means),
      covariances: Array.from(exact.components.covariances),
      logWeights: Array.from(exact.logWeights),
    },
  };
}

/** The answers of a `mixture/gmm` shard worker ({@link ShardServer}). */
export const gmmShardServer: ShardServer = {
  serve(data, request, previous, place) {
    if (data.kind !== 'dense') throw new Error(`mixture/gmm: ${data.source ?? 'the shard'} holds ${data.kind}; a mixture/gmm shard holds dense rows`);
    const rows = data;
    const req = record(request, 'the request');
    if (req.op === 'gmm/prepare') return servePrepare(rows, req, previous);
    if (req.op === 'gmm/eStep') return serveEStep(rows, req, place.index);
    throw new Error(`${WHO}: unknown op ${JSON.stringify(req.op)}; expected 'gmm/prepare' or 'gmm/eStep'`);
  },
};

/** Let the event loop run (a queue worker renews its job's lock there) between the blocks of a long answer. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function servePrepare(rows: DenseDataset, req: Record<string, unknown>, previous: unknown): Promise<PrepareAnswer> {
  const d = count(req.d, 'd', 1);
  const size = count(req.size, 'size', 1);
  if (rows.nCols !== d) throw new Error(`mixture/gmm: ${rows.source ?? 'the shard'} has ${rows.nCols} columns, the shards before it ${d}`);
  const rngs = list(req.rngs, 'rngs');
  const before: PrepareAnswer =
    previous === null || previous === undefined
      ? { n: 0, rows: [], sum: new Array<number>(d).fill(0), reservoirs: rngs.map((s) => ({ seen: 0, values: [], rng: s as RngState })) }
      : (previous as PrepareAnswer);
  const sum = Float64Array.from(numbers(before.sum, d, 'the previous sums'));
  const shardRows = list(before.rows, 'the previous row counts').map((r) => count(r, 'the previous row counts', 0));
  if (before.reservoirs.length !== rngs.length) throw new Error(`${WHO}: the previous shard sent ${before.reservoirs.length} samples, expected ${rngs.length}`);
  const reservoirs = before.reservoirs.map((r) => {
    const rng = restoreRng(r.rng);
    const res = new Reservoir(size, d, rng);
    res.values.set(numbers(r.values, Math.min(r.seen, size) * d, 'a previous sample'));
    res.seen = count(r.seen, 'seen', 0);
    return { res, rng };
  });
  const source = denseSource(rows);
  for (const block of source.blocksSync()) {
    checkFinite(block, source);
    const v = block.values;
    for (let i = 0; i < block.nRows; i++) for (let j = 0; j < d; j++) sum[j] += v[i * d + j];
    // The samples' rows come from several files: their line numbers would mislead, so none are kept.
    for (const { res } of reservoirs) res.add({ values: v, nRows: block.nRows, start: block.start });
    await yieldToLoop();
  }
  return {
    n: before.n + rows.nRows,
    rows: [...shardRows, rows.nRows],
    sum: Array.from(sum),
    reservoirs: reservoirs.map(({ res, rng }) => ({
      seen: res.seen,
      values: Array.from(res.values.subarray(0, Math.min(res.seen, size) * d)),
      rng: rng.state(),
    })),
  };
}

/**
 * The block tensors of the shard last served, centred at the centre of the fit being run: a worker serves one shard,
 * one request at a time (its queue's concurrency is 1), so one fit's tensors are kept and the next fit's replace them.
 */
let held: { rows: DenseDataset; center: string; firstRow: number; data: GmmData } | null = null;

async function serveEStep(rows: DenseDataset, req: Record<string, unknown>, index: number): Promise<EStepAnswer> {
  const planIn = record(req.plan, 'plan');
  const k = count(planIn.k, 'plan.k', 1);
  const d = count(planIn.d, 'plan.d', 1);
  if (rows.nCols !== d) throw new Error(`${WHO}: plan.d is ${d}, but ${rows.source ?? 'the shard'} has ${rows.nCols} columns`);
  const center = Float64Array.from(numbers(req.center, d, 'center'));
  const firstRows = list(req.firstRows, 'firstRows');
  if (index >= firstRows.length) throw new Error(`${WHO}: firstRows has ${firstRows.length} entries, but this is shard ${index + 1}`);
  const firstRow = count(firstRows[index], `firstRows[${index}]`, 0);
  const exactIn = planIn.exact === null ? null : record(planIn.exact, 'plan.exact');
  const plan: EStepPlan = {
    k,
    d,
    wb: Float32Array.from(numbers(planIn.wb, (d + 1) * k * d, 'plan.wb')),
    logConst: Float32Array.from(numbers(planIn.logConst, k, 'plan.logConst')),
    anchorsT: Float32Array.from(numbers(planIn.anchorsT, (d + 1) * k, 'plan.anchorsT')),
    entropy: planIn.entropy === true,
    exact: exactIn && {
      which: list(exactIn.which, 'plan.exact.which').map((c) => count(c, 'plan.exact.which', 0, k - 1)),
      components: {
        k,
        d,
        means: Float64Array.from(numbers(exactIn.means, k * d, 'plan.exact.means')),
        covariances: Float64Array.from(numbers(exactIn.covariances, k * d * d, 'plan.exact.covariances')),
      },
      logWeights: Float64Array.from(numbers(exactIn.logWeights, k, 'plan.exact.logWeights')),
    },
  };
  const key = Array.from(center).join(',');
  if (!held || held.rows !== rows || held.center !== key || held.firstRow !== firstRow) {
    if (held) disposeGmmData(held.data);
    held = null;
    held = { rows, center: key, firstRow, data: prepareGmmData(rows, center, { who: 'mixture/gmm (shard)', firstRow }) };
  }
  const data = held.data;
  if (data.missing) throw new Error(`mixture/gmm: ${rows.source ?? 'the shard'} has missing values; a sharded fit needs complete rows`);
  const uploaded = uploadPlan(plan);
  try {
    const blocks: EStepAnswer['blocks'] = [];
    let start = 0;
    for (let blk = 0; blk < data.blocks.length; blk++) {
      const b: BlockEStep = blockEStep(uploaded, { xOne: data.blocks[blk], xOneT: data.blocksT[blk], values: data.values, rows: null, start });
      b.resp.dispose();
      const size = data.blocks[blk].shape[0];
      blocks.push({ nk: Array.from(b.nk), gfh: Array.from(b.gfh), logLik: b.logLik, sumRLogR: b.sumRLogR, rows: size });
      start += size;
      await yieldToLoop();
    }
    return { blocks };
  } finally {
    disposePlan(uploaded);
  }
}
