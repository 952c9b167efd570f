import { decodeTree, encodeTree, type Dataset, type JsonValue } from '@latentkit/core';
import { isShardedSource, shardRequestReader, type CaviStreamTerms, type ShardedSource, type ShardPlace, type ShardServer } from '@latentkit/registry';
import { corpusOf, corpusRows, type LdaCorpus } from './lda-corpus.js';
import { LDA_DOC_BLOCK, type LdaBlockResult, type LdaEStepPayload } from './lda-kernels.js';
import { effectivePriors, type LdaParams } from './lda-params.js';
import type { LdaState } from './lda-state.js';
import { asVb, runBlocks, start, withStreamed, type LdaStreamData } from './lda-stream.js';
import { batchStep, settingsOf } from './lda-vb.js';
import type { LdaWorkspace } from './lda-workspace.js';

const KEY = 'topic/lda';
const WHO = 'topic/lda shard request';
const { record, list, count } = shardRequestReader(WHO);

/** A sharded fit's data: the stream's, and the first document of each shard in the fit's numbering, in shard order. */
interface LdaShardData extends LdaStreamData {
  readonly source: ShardedSource;
  readonly firsts: readonly number[];
}

/** A shard's answer to `lda/prepare`: its documents and tokens (its counts checked). */
interface PrepareAnswer {
  readonly nDocs: number;
  readonly totalCount: number;
}

/** A shard's answer to `lda/eStep` (decoded): each of its blocks' distinct words, raw statistics and part of the bound, in block order. */
interface EStepAnswer {
  readonly words: Int32Array[];
  readonly stats: (Float64Array | null)[];
  readonly docBounds: number[];
}

/**
 * The streamed batch terms of `topic/lda` extended to sharded sources: with a {@link ShardedSource}, `prepare` and
 * `sweep` send their passes to the shards' workers instead of reading blocks, and `shard` answers them on a worker.
 * - `prepare`: one pass to every shard at once, each counting its documents and tokens (and checking its counts); the
 *   shards' documents are numbered in shard order, so shard s starts at the fit's document Σ_{r<s} D_r.
 * - `sweep`: the E-step payload of the streamed sweep (exp(E[log β]), the settings, a fork of the fit's generator, the
 *   number of 16-document blocks of the whole corpus) goes to every shard with each shard's first document; each cuts
 *   its documents into the blocks of the whole corpus (documents 16·b …, the first block of a shard that starts
 *   inside one holding the rest of it, whose random starts skip the draws of the documents before it) and returns each
 *   block's raw statistics and part of the bound, added here in shard order then block order (`BlockSums`), then the
 *   batch M-step λ = η + S.
 * When every shard but the last holds a multiple of 16 documents the blocks are those of the whole corpus and the fit
 * is the in-memory (and streamed) one bit for bit. Otherwise the documents get the same random starts and the same
 * E-step, and only the float64 sums of a block cut in two are added in another order: the fit differs by rounding.
 */
export function withLdaShards(params: LdaParams, terms: CaviStreamTerms<LdaState, LdaStreamData>): CaviStreamTerms<LdaState, LdaStreamData> {
  return {
    ...terms,
    prepare: (source, context) => (isShardedSource(source) ? prepareShards(params, source) : terms.prepare(source, context)),
    sweep: (state, p) => (isShardedSource(p.source) ? shardedSweep(state, p as LdaShardData) : terms.sweep(state, p)),
    shard: ldaShardServer,
  };
}

async function prepareShards(params: LdaParams, source: ShardedSource): Promise<LdaShardData> {
  const answers = (await source.passes.all({ op: 'lda/prepare', nWords: source.nCols })) as PrepareAnswer[];
  const firsts: number[] = [];
  let nDocs = 0;
  let totalCount = 0;
  for (const a of answers) {
    firsts.push(nDocs);
    nDocs += a.nDocs;
    totalCount += a.totalCount;
  }
  if (nDocs < 1) throw new Error(`${KEY} needs at least 1 document, but ${source.source} has none`);
  const { alpha, eta } = effectivePriors(params);
  return { source, nDocs, nWords: source.nCols, totalCount, settings: settingsOf(params, alpha), eta, k: params.nComponents, room: {}, firsts };
}

async function shardedSweep(s: LdaState, p: LdaShardData) {
  const state = asVb(s);
  const [payload, sums] = start(p, state, { stats: true, bound: true, ...(state.rng && { rng: state.rng }) });
  const answers = await p.source.passes.all({ op: 'lda/eStep', payload: encodeTree(payload, 'payload'), firsts: [...p.firsts] });
  for (const a of answers) {
    const { words, stats, docBounds } = decodeTree(a as JsonValue) as EStepAnswer;
    sums.add(
      words,
      stats.map((st, b): LdaBlockResult => ({ stats: st, docBound: docBounds[b] })),
    );
  }
  const { stats, docBound } = sums.finish(state);
  const next = batchStep(state, stats!, docBound, p.totalCount, p.eta);
  return { ...next, state: withStreamed(next.state, p) };
}

/** The answers of a `topic/lda` shard worker ({@link ShardServer}). */
export const ldaShardServer: ShardServer = {
  serve(rows, request, _previous, place) {
    const req = record(request, 'the request');
    if (req.op === 'lda/prepare') {
      const nWords = count(req.nWords, 'nWords', 1);
      if (rows.nCols !== nWords) throw new Error(`${KEY}: ${rows.source ?? 'the shard'} has ${rows.nCols} columns, the first shard ${nWords}`);
      const { nDocs, totalCount } = shardCorpus(rows);
      return { nDocs, totalCount } satisfies PrepareAnswer;
    }
    if (req.op === 'lda/eStep') return serveEStep(rows, req, place);
    throw new Error(`${WHO}: unknown op ${JSON.stringify(req.op)}; expected 'lda/prepare' or 'lda/eStep'`);
  },
};

/** Documents per call of the kernel on a worker, between which it lets its queue renew the job's lock: a multiple of 16. */
const CHUNK_DOCS = 1024;

/**
 * The corpus of the shard last served, in chunks of {@link CHUNK_DOCS} documents at multiples of it in the fit's
 * numbering, and the one kernel workspace they are loaded into: a worker serves one shard, one request at a time.
 */
let held: { rows: Dataset; corpus: LdaCorpus; first: number; chunks: { first: number; corpus: LdaCorpus }[]; room: { ws?: LdaWorkspace } } | null = null;

function shardCorpus(rows: Dataset): LdaCorpus {
  if (held?.rows !== rows) held = { rows, corpus: corpusOf(rows, KEY), first: -1, chunks: [], room: {} };
  return held.corpus;
}

function chunksOf(rows: Dataset, first: number): { first: number; corpus: LdaCorpus }[] {
  const corpus = shardCorpus(rows);
  const h = held!;
  if (h.first !== first) {
    h.chunks = [];
    for (let d = 0, n = 0; d < corpus.nDocs; d += n) {
      n = Math.min(CHUNK_DOCS - ((first + d) % CHUNK_DOCS), corpus.nDocs - d);
      h.chunks.push({
        first: first + d,
        corpus: corpusRows(
          corpus,
          Int32Array.from({ length: n }, (_, i) => d + i),
        ),
      });
    }
    h.first = first;
  }
  return h.chunks;
}

/** Let the event loop run (a queue worker renews its job's lock there) between the chunks of a long answer. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function serveEStep(rows: Dataset, req: Record<string, unknown>, place: ShardPlace): Promise<JsonValue> {
  const firsts = list(req.firsts, 'firsts');
  if (place.index >= firsts.length) throw new Error(`${WHO}: firsts has ${firsts.length} values, but this is shard ${place.index + 1} (${place.name})`);
  const first = count(firsts[place.index], `firsts[${place.index}]`, 0);
  let payload: LdaEStepPayload;
  try {
    payload = decodeTree(record(req.payload, 'payload') as JsonValue) as LdaEStepPayload;
  } catch (e) {
    throw new Error(`${WHO}: payload: ${(e as Error).message}`);
  }
  const k = count(payload.k, 'payload.k', 1);
  const blocks = count(payload.blocks, 'payload.blocks', Math.ceil((first + rows.nRows) / LDA_DOC_BLOCK));
  if (!(payload.expElogBeta instanceof Float64Array) || payload.expElogBeta.length !== k * rows.nCols)
    throw new Error(`${WHO}: payload.expElogBeta must be ${k}×${rows.nCols} float64 numbers`);
  const settings = record(payload.settings, 'payload.settings');
  for (const name of ['alpha', 'meanChangeTol', 'maxDocUpdateIter'])
    if (typeof settings[name] !== 'number') throw new Error(`${WHO}: payload.settings.${name} must be a number`);
  const answer: EStepAnswer = { words: [], stats: [], docBounds: [] };
  const chunks = chunksOf(rows, first);
  const room = held!.room;
  for (const chunk of chunks) {
    const { words, results } = runBlocks(room, k, chunk.corpus, chunk.first, { ...payload, blocks });
    answer.words.push(...words);
    for (const r of results) {
      answer.stats.push(r?.stats ?? null);
      answer.docBounds.push(r?.docBound ?? NaN);
    }
    await yieldToLoop();
  }
  return encodeTree(answer, 'answer');
}
