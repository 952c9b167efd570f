import type { DenseDataset, Rng, RowBlock, RowSource } from '@latentkit/core';
import type { CaviStreamTerms, OnlineViStreamTerms, StreamContext } from '@latentkit/registry';
import { corpusOf, type LdaCorpus } from './lda-corpus.js';
import type { EStepSettings } from './lda-estep.js';
import { ldaEStepBlocks, type LdaBlock, type LdaBlockResult, type LdaEStepPayload } from './lda-kernels.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import type { LdaState, LdaVbState } from './lda-state.js';
import { BlockSums, cutBlocks, eStepPayload, LDA_DOC_BLOCK, type PooledEStepOptions } from './lda-threads.js';
import { batchStep, initialLambda, onlineStep, settingsOf, vbState } from './lda-vb.js';
import { LdaWorkspace, sizeOf } from './lda-workspace.js';

const KEY = 'topic/lda';

/** What a streamed LDA fit reads every iteration: the source, its size (from the first pass), the settings. */
export interface LdaStreamData {
  readonly source: RowSource;
  readonly nDocs: number;
  readonly nWords: number;
  readonly totalCount: number;
  readonly settings: EStepSettings;
  readonly eta: number;
  readonly k: number;
  /** The one kernel workspace the blocks of every pass are loaded into (grown when a block does not fit). */
  readonly room: { ws?: LdaWorkspace };
}

/** The rows of a block as a dataset (for `corpusOf`, whose errors name the file and line). */
function blockRows(source: RowSource, block: Pick<RowBlock, 'values' | 'nRows' | 'lines'>): DenseDataset {
  const { values, nRows, lines } = block;
  return { kind: 'dense', nRows, nCols: source.nCols, values, columns: source.columns, source: source.source, ...(lines ? { lines } : {}) };
}

/** One pass: the number of documents and tokens, and a check that every cell is a non-negative integer. */
async function prepareStream(params: LdaParams, source: RowSource): Promise<LdaStreamData> {
  if (source.blockRows % LDA_DOC_BLOCK !== 0) {
    throw new Error(
      `${KEY}: a streamed fit reads blocks of a multiple of ${LDA_DOC_BLOCK} documents (the E-step's block), got a source of ${source.blockRows}`,
    );
  }
  let nDocs = 0;
  let totalCount = 0;
  for await (const block of source.blocks()) {
    totalCount += corpusOf(blockRows(source, block), KEY).totalCount;
    nDocs += block.nRows;
  }
  if (nDocs < 1) throw new Error(`${KEY} needs at least 1 document, but ${source.source} has none`);
  const { alpha, eta } = effectivePriors(params);
  return { source, nDocs, nWords: source.nCols, totalCount, settings: settingsOf(params, alpha), eta, k: params.nComponents, room: {} };
}

/** The streamed state records the documents and tokens it was fitted to (`ldaFromResult` cannot count them). */
export const withStreamed = (state: LdaVbState, p: LdaStreamData): LdaVbState => ({ ...state, streamed: { docs: p.nDocs, tokens: p.totalCount } });

export const asVb = (state: LdaState): LdaVbState => {
  if (state.kind !== 'vb') throw new Error(`${KEY}: a variational engine was given a Gibbs state`);
  return state;
};

function initStream(params: LdaParams, p: LdaStreamData, rng: Rng, random: boolean): LdaVbState {
  const state = vbState(initialLambda(params, p.nWords, rng), p.k, p.nWords, p.eta, 1, random ? rng : undefined);
  return withStreamed(state, p);
}

/**
 * Streamed batch variational Bayes (`inference/cavi` with `fit --stream`): every sweep reads the source once; each
 * block of rows is cut into the in-memory fit's blocks of {@link LDA_DOC_BLOCK} documents (the source's blocks hold a
 * multiple of them), whose E-step runs with the same per-block generators and whose statistics are added in the same
 * block order, so a streamed fit has the same bits as the in-memory fit from the same seed. The E-step runs in the
 * calling thread.
 */
export function caviStreamTerms(params: LdaParams): CaviStreamTerms<LdaState, LdaStreamData> {
  return {
    prepare: (source) => prepareStream(params, source),
    init: (p, rng) => initStream(params, p, rng, params.docTopicInit === 'random'),
    async sweep(s, p) {
      const state = asVb(s);
      const [payload, sums] = start(p, state, { stats: true, bound: true, ...(state.rng && { rng: state.rng }) });
      for await (const block of p.source.blocks()) streamedEStep(p, corpusOf(blockRows(p.source, block), KEY), block.start, payload, sums);
      const { stats, docBound } = sums.finish(state);
      const next = batchStep(state, stats!, docBound, p.totalCount, p.eta);
      return { ...next, state: withStreamed(next.state, p) };
    },
  };
}

/** The payload of one streamed E-step over every block of the source, and the sums its blocks are added to. */
export function start(p: LdaStreamData, state: LdaVbState, options: PooledEStepOptions): [LdaEStepPayload, BlockSums] {
  const payload = eStepPayload(p.k, Math.ceil(p.nDocs / LDA_DOC_BLOCK), state, p.settings, options);
  return [payload, new BlockSums(p.k, p.k + (p.k % 2), p.nWords, payload)];
}

/**
 * The E-step of `corpus`, documents `firstDoc …` of the fit's, in the calling thread: cut into the in-memory fit's
 * blocks (those of documents 16·b …, hence their generators), loaded into `room`'s one workspace (grown when they do
 * not fit); each block's distinct words and its result, in block order.
 */
export function runBlocks(
  room: { ws?: LdaWorkspace },
  k: number,
  corpus: LdaCorpus,
  firstDoc: number,
  payload: LdaEStepPayload,
): { words: Int32Array[]; results: (LdaBlockResult | null)[] } {
  const blocks = cutBlocks(corpus, LDA_DOC_BLOCK, firstDoc);
  const held = blocks.map((data: LdaBlock) => ({ index: Math.floor(data.first / LDA_DOC_BLOCK), data, cache: new Map<string, unknown>() }));
  const need = sizeOf(corpus);
  const have = room.ws?.capacity;
  if (!have || need.nnz > have.nnz || need.longest > have.longest) {
    room.ws = new LdaWorkspace(corpus, k, 'auto', { nnz: Math.max(need.nnz, have?.nnz ?? 0) * 2, longest: Math.max(need.longest, have?.longest ?? 0) * 2 });
  }
  return { words: blocks.map((b) => b.words), results: ldaEStepBlocks(payload, held, room.ws) };
}

/** The E-step of `corpus`, documents `firstDoc …` of the source ({@link runBlocks}), added to `sums`. */
function streamedEStep(p: LdaStreamData, corpus: LdaCorpus, firstDoc: number, payload: LdaEStepPayload, sums: BlockSums): void {
  const { words, results } = runBlocks(p.room, p.k, corpus, firstDoc, payload);
  sums.add(words, results);
}

/**
 * Streamed online variational Bayes (`inference/online-vi` with `fit --stream`): the engine reads minibatches of
 * `batchSize` documents from the source, in row order as in memory; each updates λ ← (1 − ρ_t)·λ + ρ_t·(η + (D/|B|)·S_B)
 * with D the documents of the source; the objective, the per-word bound at γ = 1, reads the source once more. With a
 * `batchSize` that is a multiple of 16 the minibatches are cut into the in-memory fit's blocks, and the fit has its bits.
 */
export function onlineStreamTerms(params: LdaParams): OnlineViStreamTerms<LdaState, LdaStreamData> {
  return {
    prepare: (source: RowSource, _context: StreamContext) => prepareStream(params, source),
    nRows: (p) => p.nDocs,
    init: (p, rng) => initStream(params, p, rng, false),
    update(s, p, batch, first, rho, rng) {
      const state = asVb(s);
      const random = params.docTopicInit === 'random';
      const [payload, sums] = start(p, state, { stats: true, bound: false, ...(random && { rng }) });
      streamedEStep(p, corpusOf(batch, KEY), first, payload, sums);
      return withStreamed(onlineStep(state, sums.finish(state).stats!, batch.nRows, rho, state.corpusSize ?? p.nDocs, p.eta), p);
    },
    async objective(s, p) {
      const state = asVb(s);
      const [payload, sums] = start(p, state, { stats: false, bound: true });
      for await (const block of p.source.blocks()) streamedEStep(p, corpusOf(blockRows(p.source, block), KEY), block.start, payload, sums);
      return (sums.finish(state).docBound + state.topicBound) / p.totalCount;
    },
  };
}
