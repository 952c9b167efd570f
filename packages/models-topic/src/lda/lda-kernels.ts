// Kernels of the LDA E-step on block-pool threads (`LDA_KERNELS`): each thread loads the documents of its blocks
// into one kernel workspace on the first call, then runs the per-document E-step block by block.
import { gammaVariate, restoreRng, type HeldBlock, type Rng, type RngState } from '@latentkit/core';
import type { LdaCorpus } from './lda-corpus.js';
import { eStep, type EStepSettings } from './lda-estep.js';
import { LdaWorkspace } from './lda-workspace.js';

/** Documents per block of the E-step: fixed, so the blocks (and the fit) do not depend on the thread count. */
export const LDA_DOC_BLOCK = 16;

/**
 * The generator of the random starts of block `b` of the fit (documents 16·b … 16·b + 15), moved past the draws of the
 * documents of that block before `first`: a block that starts inside its 16 documents (the first block of a shard of
 * a sharded fit) draws what those documents draw in the whole corpus's block.
 */
function blockRng(rngs: readonly Rng[], first: number, k: number): Rng {
  const rng = rngs[Math.floor(first / LDA_DOC_BLOCK)];
  for (let i = (first % LDA_DOC_BLOCK) * k; i > 0; i--) gammaVariate(rng, 100);
  return rng;
}

/**
 * One block of documents as a pool thread holds it: documents `first … first + nDocs − 1` of the corpus in CSR form
 * (`indptr` from 0), and `words`, the distinct word ids of the block in increasing order (the rows of its statistics).
 */
export interface LdaBlock {
  readonly first: number;
  readonly nDocs: number;
  readonly nWords: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly counts: Float64Array;
  readonly words: Int32Array;
}

/** What one E-step call sends every thread. */
export interface LdaEStepPayload {
  readonly k: number;
  /** exp(E[log β]), K×V row-major. */
  readonly expElogBeta: Float64Array;
  readonly settings: EStepSettings;
  /**
   * Generator of the random starts, or null for γ_d = 1: block b (documents 16·b …) draws from child b of
   * `split(blocks)` of it, so the draws of a document depend on its block only, not on the thread that holds it.
   */
  readonly rng: RngState | null;
  readonly blocks: number;
  /** Documents [from, to) to process (a minibatch); all when absent. Blocks outside it return null. */
  readonly range?: readonly [number, number];
  readonly stats: boolean;
  readonly bound: boolean;
}

/**
 * A block's share of the E-step: the raw statistics Σ_{d∈block} n_dw·exp(E[log θ_dk]) / (norm_dw + ε) of its `words`
 * (one row of K' numbers per word, K' = K rounded up to even; not yet multiplied by exp(E[log β_kw])) and the block's
 * part of the bound.
 */
export interface LdaBlockResult {
  readonly stats: Float64Array | null;
  readonly docBound: number;
}

interface ThreadWorkspace {
  readonly ws: LdaWorkspace;
  /** First document of each held block in the workspace's corpus. */
  readonly offsets: readonly number[];
}

/** The documents of `blocks` concatenated in block order, and the first document of each block in it. */
export function concatBlocks(blocks: readonly HeldBlock<LdaBlock>[]): { corpus: LdaCorpus; offsets: number[] } {
  const nDocs = blocks.reduce((s, b) => s + b.data.nDocs, 0);
  const nnz = blocks.reduce((s, b) => s + b.data.indptr[b.data.nDocs], 0);
  const indptr = new Int32Array(nDocs + 1);
  const indices = new Int32Array(nnz);
  const counts = new Float64Array(nnz);
  const offsets: number[] = [];
  let doc = 0;
  let at = 0;
  let total = 0;
  for (const { data } of blocks) {
    offsets.push(doc);
    for (let d = 0; d < data.nDocs; d++) indptr[doc + d + 1] = at + data.indptr[d + 1];
    const m = data.indptr[data.nDocs];
    indices.set(data.indices.subarray(0, m), at);
    counts.set(data.counts.subarray(0, m), at);
    for (let q = 0; q < m; q++) total += data.counts[q];
    doc += data.nDocs;
    at += m;
  }
  return { corpus: { nDocs, nWords: blocks[0].data.nWords, indptr, indices, counts, totalCount: total }, offsets };
}

/**
 * The workspace of the documents of `blocks` (built once, kept in the first block's cache), or `reuse` loaded with
 * them (streamed blocks).
 */
function workspaceOf(k: number, blocks: readonly HeldBlock<LdaBlock>[], reuse?: LdaWorkspace): ThreadWorkspace {
  const cached = blocks[0].cache.get('lda') as ThreadWorkspace | undefined;
  if (cached && cached.ws.k === k) return cached;
  const { corpus, offsets } = concatBlocks(blocks);
  if (reuse) reuse.load(corpus);
  const made = { ws: reuse ?? new LdaWorkspace(corpus, k), offsets };
  blocks[0].cache.set('lda', made);
  return made;
}

/**
 * The LDA E-step (`eStep`) on every block this thread holds, block by block: each block's documents start from the
 * block's own generator, its statistics are gathered from the workspace and cleared, so that a block's result does not
 * depend on the other blocks the thread holds. `reuse` (calling thread only: a kernel argument workers never pass) is
 * a workspace to load the blocks into instead of a new one.
 */
export function ldaEStepBlocks(payload: LdaEStepPayload, blocks: readonly HeldBlock<LdaBlock>[], reuse?: LdaWorkspace): (LdaBlockResult | null)[] {
  if (blocks.length === 0) return [];
  const { ws, offsets } = workspaceOf(payload.k, blocks, reuse);
  ws.setTopics(payload);
  const rngs: Rng[] | null = payload.rng ? restoreRng(payload.rng).split(payload.blocks) : null;
  const kp = ws.kp;
  const f64 = ws.kernel.f64;
  const base = ws.stats >> 3;
  return blocks.map((b, i) => {
    const { first, nDocs, words } = b.data;
    const from = payload.range ? Math.max(payload.range[0], first) : first;
    const to = payload.range ? Math.min(payload.range[1], first + nDocs) : first + nDocs;
    if (from >= to) return null;
    const rows = Int32Array.from({ length: to - from }, (_, r) => offsets[i] + from - first + r);
    const { docBound } = eStep(ws, payload.settings, {
      rows,
      stats: payload.stats,
      bound: payload.bound,
      ...(rngs && { rng: blockRng(rngs, first, payload.k) }),
    });
    let stats: Float64Array | null = null;
    if (payload.stats) {
      stats = new Float64Array(words.length * kp);
      for (let q = 0; q < words.length; q++) {
        const row = base + words[q] * kp;
        stats.set(f64.subarray(row, row + kp), q * kp);
        f64.fill(0, row, row + kp);
      }
    }
    return { stats, docBound: payload.bound ? docBound : NaN };
  });
}
