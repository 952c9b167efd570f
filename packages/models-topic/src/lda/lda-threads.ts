import { openBlockPool, type BlockPool, type Rng } from '@latentkit/core';
import type { PrepareContext } from '@latentkit/registry';
import type { LdaCorpus } from './lda-corpus.js';
import type { EStepSettings } from './lda-estep.js';
import { LDA_KERNELS } from './lda-kernel-module.js';
import { LDA_DOC_BLOCK, type LdaBlock, type LdaBlockResult, type LdaEStepPayload } from './lda-kernels.js';
import type { LdaTopics } from './lda-topics.js';

export { LDA_DOC_BLOCK } from './lda-kernels.js';

/**
 * Non-zero document-word counts a worker thread should have before a fit uses it: a corpus with fewer than
 * T × this many runs on fewer threads (below 2 × this, in the calling thread), where starting workers would cost
 * more than it saves. One E-step update of 20,000 non-zeros takes about 1 ms at K = 20 (the SIMD kernel), and a
 * document takes tens of updates.
 */
export const LDA_MIN_NNZ_PER_THREAD = 20_000;

/**
 * The documents of a corpus, documents `firstDoc …` of the fit's, cut into blocks of {@link LDA_DOC_BLOCK} at multiples
 * of it in the fit's numbering (so a corpus that starts inside a block, a shard, begins with the rest of that block).
 */
export function cutBlocks(corpus: LdaCorpus, docBlock = LDA_DOC_BLOCK, firstDoc = 0): LdaBlock[] {
  const out: LdaBlock[] = [];
  const seen = new Uint8Array(corpus.nWords);
  for (let first = 0, nDocs = 0; first < corpus.nDocs; first += nDocs) {
    nDocs = Math.min(docBlock - ((firstDoc + first) % docBlock), corpus.nDocs - first);
    const from = corpus.indptr[first];
    const to = corpus.indptr[first + nDocs];
    const indptr = new Int32Array(nDocs + 1);
    for (let d = 0; d <= nDocs; d++) indptr[d] = corpus.indptr[first + d] - from;
    const indices = corpus.indices.slice(from, to);
    const words: number[] = [];
    for (let q = 0; q < indices.length; q++) {
      if (!seen[indices[q]]) {
        seen[indices[q]] = 1;
        words.push(indices[q]);
      }
    }
    for (const w of words) seen[w] = 0;
    words.sort((a, b) => a - b);
    out.push({ first: firstDoc + first, nDocs, nWords: corpus.nWords, indptr, indices, counts: corpus.counts.slice(from, to), words: Int32Array.from(words) });
  }
  return out;
}

/** The threads a corpus of `nnz` non-zeros gets out of `threads`: at least {@link LDA_MIN_NNZ_PER_THREAD} each. */
export function ldaThreads(threads: number, nnz: number): number {
  return Math.max(1, Math.min(threads, Math.floor(nnz / LDA_MIN_NNZ_PER_THREAD)));
}

/** A corpus spread over a block pool for the E-step: the pool, and every block's distinct words (its statistics' rows). */
export interface LdaPool {
  readonly pool: BlockPool;
  readonly words: readonly Int32Array[];
  readonly k: number;
  readonly kp: number;
  readonly v: number;
}

/**
 * Cut `corpus` into fixed blocks and hand them to a pool of {@link ldaThreads} threads (in the calling thread when that
 * is 1). The caller closes the pool (`pool.close()`).
 */
export function openLdaPool(corpus: LdaCorpus, k: number, context?: PrepareContext): LdaPool {
  const blocks = cutBlocks(corpus);
  const threads = ldaThreads(context?.threads ?? 1, corpus.indptr[corpus.nDocs]);
  // Copies: the blocks' own arrays are transferred to the workers.
  const words = blocks.map((b) => b.words.slice());
  const pool = openBlockPool({ threads, blocks, transfer: threads > 1, ...(context?.signal ? { signal: context.signal } : {}) });
  return { pool, words, k, kp: k + (k % 2), v: corpus.nWords };
}

/** What {@link pooledEStep} computes besides γ (which stays on the threads). */
export interface PooledEStepOptions {
  /** Random starts (Gamma(100, 1/100)): one child generator of a fork of it per block. Without it γ_d starts at 1. */
  readonly rng?: Rng;
  /** Documents [from, to) only (a minibatch). */
  readonly range?: readonly [number, number];
  readonly stats: boolean;
  readonly bound: boolean;
}

/**
 * The LDA E-step at the topics `topics` on the pool's blocks: the M-step statistics S_kw = exp(E[log β_kw])·Σ_d
 * n_dw·φ_dwk (K×V, as `LdaWorkspace.statistics`) and the documents' part of the bound, each reduced over the blocks
 * in block order, so the result has the same bits for any number of threads.
 */
export async function pooledEStep(
  p: LdaPool,
  topics: Pick<LdaTopics, 'expElogBeta'>,
  settings: EStepSettings,
  options: PooledEStepOptions,
): Promise<{ stats: Float64Array | null; docBound: number }> {
  const payload = eStepPayload(p.k, p.words.length, topics, settings, options);
  const sums = new BlockSums(p.k, p.kp, p.v, payload);
  sums.add(p.words, await p.pool.run<LdaBlockResult | null>(LDA_KERNELS, 'ldaEStepBlocks', payload));
  return sums.finish(topics);
}

/** The payload of one E-step over `blocks` blocks (the random starts: a fork of `options.rng`, split per block). */
export function eStepPayload(
  k: number,
  blocks: number,
  topics: Pick<LdaTopics, 'expElogBeta'>,
  settings: EStepSettings,
  options: PooledEStepOptions,
): LdaEStepPayload {
  return {
    k,
    expElogBeta: topics.expElogBeta,
    settings,
    rng: options.rng ? options.rng.fork().state() : null,
    blocks,
    ...(options.range && { range: options.range }),
    stats: options.stats,
    bound: options.bound,
  };
}

/**
 * The block results of an E-step added in block order (blocks must be added in order, possibly in several calls): the
 * raw statistics of each block's words into one V×K' table, and the blocks' parts of the bound.
 */
export class BlockSums {
  private readonly raw: Float64Array | null;
  private docBound = 0;
  private readonly k: number;
  private readonly kp: number;
  private readonly v: number;
  private readonly bound: boolean;

  constructor(k: number, kp: number, v: number, payload: Pick<LdaEStepPayload, 'stats' | 'bound'>) {
    this.k = k;
    this.kp = kp;
    this.v = v;
    this.bound = payload.bound;
    this.raw = payload.stats ? new Float64Array(v * kp) : null;
  }

  add(words: readonly Int32Array[], results: readonly (LdaBlockResult | null)[]): void {
    const { kp, raw } = this;
    results.forEach((r, b) => {
      if (!r) return;
      if (this.bound) this.docBound += r.docBound;
      if (raw && r.stats) {
        const ws = words[b];
        for (let q = 0; q < ws.length; q++) {
          const row = ws[q] * kp;
          for (let j = 0; j < kp; j++) raw[row + j] += r.stats[q * kp + j];
        }
      }
    });
  }

  /** S_kw = exp(E[log β_kw])·(raw sum of word w, topic k), K×V, and the documents' part of the bound. */
  finish(topics: Pick<LdaTopics, 'expElogBeta'>): { stats: Float64Array | null; docBound: number } {
    const { k, kp, v, raw } = this;
    let stats: Float64Array | null = null;
    if (raw) {
      stats = new Float64Array(k * v);
      for (let j = 0; j < k; j++) for (let w = 0; w < v; w++) stats[j * v + w] = raw[w * kp + j] * topics.expElogBeta[j * v + w];
    }
    return { stats, docBound: this.bound ? this.docBound : NaN };
  }
}
