import { requireColumns, requireCounts, type CountDataset, type Dataset } from '@latentkit/core';

/** Documents × vocabulary counts in CSR form, as the LDA code reads them. */
export interface LdaCorpus {
  /** Number of documents D (rows). */
  readonly nDocs: number;
  /** Vocabulary size V (columns). */
  readonly nWords: number;
  /** Row pointers (D + 1): document d's entries are `indptr[d]` … `indptr[d + 1] − 1`. */
  readonly indptr: Int32Array;
  /** Word (column) index of every stored entry. */
  readonly indices: Int32Array;
  /** Count of every stored entry (non-negative integers). */
  readonly counts: Float64Array;
  /** Σ of all counts (the number of tokens). */
  readonly totalCount: number;
}

/** Column names of a dataset: the vocabulary of a count matrix (or `w1..`), the header of a dense one. */
export function columnsOf(data: Dataset): readonly string[] {
  if (data.kind === 'dense') return data.columns;
  return data.vocabulary ?? Array.from({ length: data.nCols }, (_, j) => `x${j + 1}`);
}

/**
 * Read a dataset as counts: a CSR count matrix as it is, a dense matrix (a CSV document-term matrix) after checking
 * that every cell is a non-negative integer (the error names the file, line and column). With `columns`, the data
 * must have those columns (the vocabulary a model was fitted on; dense columns are matched by name).
 */
export function corpusOf(data: Dataset, who: string, columns?: readonly string[]): LdaCorpus {
  const ds = columns ? requireColumns(data, columns, who) : data;
  requireCounts(ds);
  if (ds.kind === 'counts') return fromCsr(ds);
  const { nRows, nCols, values } = ds;
  const indptr = new Int32Array(nRows + 1);
  let nnz = 0;
  for (let q = 0; q < values.length; q++) if (values[q] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const counts = new Float64Array(nnz);
  let e = 0;
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      const c = values[i * nCols + j];
      if (c === 0) continue;
      indices[e] = j;
      counts[e++] = c;
      total += c;
    }
    indptr[i + 1] = e;
  }
  return { nDocs: nRows, nWords: nCols, indptr, indices, counts, totalCount: total };
}

function fromCsr(ds: CountDataset): LdaCorpus {
  let total = 0;
  for (let q = 0; q < ds.data.length; q++) total += ds.data[q];
  return { nDocs: ds.nRows, nWords: ds.nCols, indptr: ds.indptr, indices: ds.indices, counts: ds.data, totalCount: total };
}

/** The documents `rows` of a corpus, in that order. */
export function corpusRows(c: LdaCorpus, rows: ArrayLike<number>): LdaCorpus {
  const indptr = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) indptr[r + 1] = indptr[r] + c.indptr[rows[r] + 1] - c.indptr[rows[r]];
  const indices = new Int32Array(indptr[rows.length]);
  const counts = new Float64Array(indptr[rows.length]);
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const from = c.indptr[rows[r]];
    const to = c.indptr[rows[r] + 1];
    indices.set(c.indices.subarray(from, to), indptr[r]);
    counts.set(c.counts.subarray(from, to), indptr[r]);
    for (let q = from; q < to; q++) total += c.counts[q];
  }
  return { nDocs: rows.length, nWords: c.nWords, indptr, indices, counts, totalCount: total };
}

/**
 * The document-completion split: each document's tokens, listed word by word in column order (a word with count n
 * gives n consecutive tokens), are numbered t = 0, 1, …; token t is held out when t mod 5 = 4, so about 20% of each
 * document is held out and the other 80% is observed. Deterministic: no random generator is involved.
 * A word with count n whose tokens start at t₀ has ⌊(t₀ + n)/5⌋ − ⌊t₀/5⌋ held-out tokens.
 * @example
 * ```ts
 * // one document with counts [3, 4] (7 tokens): token 4 is held out, the 2nd token of word 2
 * completionSplit(corpus); // observed [3, 3], heldOut [0, 1]
 * ```
 */
export function completionSplit(c: LdaCorpus): {
  /** The observed ~80% of every document's tokens (t mod 5 ≠ 4), same shape as `c`. */
  observed: LdaCorpus;
  /** The held-out ~20% (t mod 5 = 4), same shape as `c`; `observed` + `heldOut` = `c`. */
  heldOut: LdaCorpus;
} {
  const obs = new Float64Array(c.counts.length);
  const held = new Float64Array(c.counts.length);
  for (let d = 0; d < c.nDocs; d++) {
    let t0 = 0;
    for (let q = c.indptr[d]; q < c.indptr[d + 1]; q++) {
      const n = c.counts[q];
      held[q] = Math.floor((t0 + n) / 5) - Math.floor(t0 / 5);
      obs[q] = n - held[q];
      t0 += n;
    }
  }
  return { observed: compact(c, obs), heldOut: compact(c, held) };
}

function compact(c: LdaCorpus, values: Float64Array): LdaCorpus {
  const indptr = new Int32Array(c.nDocs + 1);
  const idx: number[] = [];
  const cnt: number[] = [];
  let total = 0;
  for (let d = 0; d < c.nDocs; d++) {
    for (let q = c.indptr[d]; q < c.indptr[d + 1]; q++) {
      if (values[q] === 0) continue;
      idx.push(c.indices[q]);
      cnt.push(values[q]);
      total += values[q];
    }
    indptr[d + 1] = idx.length;
  }
  return { nDocs: c.nDocs, nWords: c.nWords, indptr, indices: Int32Array.from(idx), counts: Float64Array.from(cnt), totalCount: total };
}
