import type { LdaCorpus } from './lda-corpus.js';
import { createLdaKernel, type KernelChoice, type LdaKernel } from './lda-kernel.js';
import type { LdaTopics } from './lda-topics.js';

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * A corpus loaded into an {@link LdaKernel}'s memory with room for the topic table and the M-step statistics.
 * Layout (byte offsets, 16-aligned): the table exp(E[log β]) and the statistics, both V rows of K' numbers
 * (word-major, K' = K rounded up to even); the vectors e = exp(E[log θ_d]) and out (K'); per-word norms of the
 * longest document; the corpus word ids (i32) and counts (f64) in CSR order.
 */
export class LdaWorkspace {
  readonly kernel: LdaKernel;
  corpus: LdaCorpus;
  readonly k: number;
  readonly kp: number;
  readonly v: number;
  readonly table: number;
  readonly stats: number;
  readonly e: number;
  readonly out: number;
  readonly norms: number;
  readonly ids: number;
  readonly cnts: number;

  /** Room for the corpora {@link LdaWorkspace.load} may load: non-zeros, and words of the longest document. */
  readonly capacity: { readonly nnz: number; readonly longest: number };

  /** A workspace holding `corpus`, with room for corpora up to `capacity` (default: the corpus's own size). */
  constructor(corpus: LdaCorpus, k: number, choice: KernelChoice = 'auto', capacity?: { nnz: number; longest: number }) {
    const kp = k + (k % 2);
    const v = corpus.nWords;
    const own = sizeOf(corpus);
    const longest = Math.max(own.longest, capacity?.longest ?? 0);
    const nnz = Math.max(own.nnz, capacity?.nnz ?? 0);
    this.capacity = { nnz, longest };
    let at = 0;
    const take = (bytes: number) => {
      const off = at;
      at += align16(bytes);
      return off;
    };
    this.table = take(v * kp * 8);
    this.stats = take(v * kp * 8);
    this.e = take(kp * 8);
    this.out = take(kp * 8);
    this.norms = take(Math.max(1, longest) * 8);
    this.ids = take(nnz * 4);
    this.cnts = take(nnz * 8);
    this.kernel = createLdaKernel(k, at, choice);
    this.corpus = corpus;
    this.k = k;
    this.kp = kp;
    this.v = v;
    this.load(corpus);
  }

  /** Hold `corpus` instead (same vocabulary, within `capacity`): streamed blocks reuse one workspace. */
  load(corpus: LdaCorpus): void {
    const { nnz, longest } = sizeOf(corpus);
    if (nnz > this.capacity.nnz || longest > this.capacity.longest || corpus.nWords !== this.v)
      throw new Error(`LdaWorkspace: a corpus of ${nnz} non-zeros over ${corpus.nWords} words does not fit (room for ${this.capacity.nnz} over ${this.v})`);
    this.corpus = corpus;
    const { f64, i32 } = this.kernel;
    i32.set(corpus.indices.subarray(0, nnz), this.ids >> 2);
    f64.set(corpus.counts.subarray(0, nnz), this.cnts >> 3);
  }

  /** Load the table t_w = exp(E[log β_·w]) of `topics` (K×V) into the kernel's word-major layout. */
  setTopics(topics: Pick<LdaTopics, 'expElogBeta'>): void {
    this.setTable(topics.expElogBeta);
  }

  /** Load any K×V matrix (e.g. normalised topics) as the word-major table. */
  setTable(kByV: Float64Array): void {
    const { f64 } = this.kernel;
    const { k, kp, v } = this;
    const base = this.table >> 3;
    for (let j = 0; j < k; j++) {
      const src = j * v;
      for (let w = 0; w < v; w++) f64[base + w * kp + j] = kByV[src + w];
    }
  }

  clearStats(): void {
    const base = this.stats >> 3;
    this.kernel.f64.fill(0, base, base + this.v * this.kp);
  }

  /**
   * The M-step statistics as scikit-learn's `suff_stats` after its E-step: S_kw = exp(E[log β_kw])·Σ_d n_dw·φ_dwk,
   * K×V row-major.
   */
  statistics(topics: Pick<LdaTopics, 'expElogBeta'>): Float64Array {
    const { f64 } = this.kernel;
    const { k, kp, v } = this;
    const base = this.stats >> 3;
    const out = new Float64Array(k * v);
    for (let j = 0; j < k; j++) for (let w = 0; w < v; w++) out[j * v + w] = f64[base + w * kp + j] * topics.expElogBeta[j * v + w];
    return out;
  }
}

/** Non-zeros of a corpus and words of its longest document. */
export function sizeOf(corpus: LdaCorpus): { nnz: number; longest: number } {
  let longest = 0;
  for (let d = 0; d < corpus.nDocs; d++) longest = Math.max(longest, corpus.indptr[d + 1] - corpus.indptr[d]);
  return { nnz: corpus.indptr[corpus.nDocs], longest };
}
