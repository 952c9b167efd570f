import type { CountDataset } from '@latentkit/core';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Lowercase the text first (default `true`). */
  readonly lowercase?: boolean;
  /** Tokens to drop (default: scikit-learn's English list); `null` keeps every token. */
  readonly stopWords?: ReadonlySet<string> | readonly string[] | null;
}

/** Options of {@link countMatrix}. */
export interface CountMatrixOptions extends TokenizeOptions {
  /** Drop terms in fewer documents than this: a count if ≥ 1, a proportion of the documents if < 1 (default 5). */
  readonly minDf?: number;
  /** Drop terms in more documents than this: a proportion if ≤ 1, a count if > 1 (default 0.5). */
  readonly maxDf?: number;
  /** Names of the documents, one per document. */
  readonly rowNames?: readonly string[];
  /** Name for the dataset's `source`. */
  readonly source?: string;
}

/**
 * scikit-learn's `token_pattern=r"(?u)\b[a-zA-Z]{3,}\b"`: ASCII words of three letters or more. Python's `\b` is a
 * Unicode word boundary, so the lookarounds exclude any Unicode letter, digit or underscore next to the word.
 */
const TOKEN = /(?<![\p{L}\p{N}_])[a-zA-Z]{3,}(?![\p{L}\p{N}_])/gu;

const asSet = (s: TokenizeOptions['stopWords']): ReadonlySet<string> | null =>
  s === null ? null : s === undefined ? ENGLISH_STOP_WORDS : s instanceof Set ? s : new Set(s as readonly string[]);

/**
 * Split a text into words as scikit-learn's `CountVectorizer` analyser does with
 * `lowercase=True, token_pattern=r"(?u)\b[a-zA-Z]{3,}\b", stop_words=ENGLISH_STOP_WORDS`.
 * @example
 * ```ts
 * tokenize('The Union is strong, and 1999 was a good year.'); // ['union', 'strong', 'good', 'year']
 * ```
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stop = asSet(options.stopWords);
  const source = options.lowercase === false ? text : text.toLowerCase();
  const out: string[] = [];
  for (const m of source.matchAll(TOKEN)) if (!stop || !stop.has(m[0])) out.push(m[0]);
  return out;
}

/**
 * Build a document-term count matrix (CSR) as scikit-learn's `CountVectorizer` does:
 * tokens from {@link tokenize}; terms kept when their document frequency df satisfies
 * `minCount ≤ df ≤ maxCount` (proportions are multiplied by the number of documents);
 * vocabulary sorted alphabetically; column j counts term `vocabulary[j]`.
 * The defaults (`minDf = 5`, `maxDf = 0.5`, English stop words) are the latentkit SOTU settings.
 * @example
 * ```ts
 * const docs = await loadSotu();
 * const x = countMatrix(docs.map((d) => d.text)); // 233 × 9535
 * ```
 */
export function countMatrix(docs: readonly string[], options: CountMatrixOptions = {}): CountDataset {
  const n = docs.length;
  const minDf = options.minDf ?? 5;
  const maxDf = options.maxDf ?? 0.5;
  if (!(minDf >= 0) || (minDf >= 1 && !Number.isInteger(minDf)))
    throw new RangeError(`minDf must be a proportion in [0, 1) or an integer count ≥ 1, got ${minDf}`);
  if (!(maxDf >= 0) || (maxDf > 1 && !Number.isInteger(maxDf)))
    throw new RangeError(`maxDf must be a proportion in [0, 1] or an integer count > 1, got ${maxDf}`);
  if (options.rowNames && options.rowNames.length !== n) throw new RangeError(`rowNames has ${options.rowNames.length} entries for ${n} documents`);
  const minCount = minDf < 1 ? minDf * n : minDf;
  const maxCount = maxDf <= 1 ? maxDf * n : maxDf;
  if (maxCount < minCount) throw new RangeError(`maxDf corresponds to fewer documents (${maxCount}) than minDf (${minCount})`);

  const perDoc: Map<string, number>[] = [];
  const df = new Map<string, number>();
  for (const text of docs) {
    const counts = new Map<string, number>();
    for (const t of tokenize(text, options)) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    perDoc.push(counts);
  }
  const vocabulary = [...df.entries()]
    .filter(([, d]) => d >= minCount && d <= maxCount)
    .map(([t]) => t)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (vocabulary.length === 0) throw new RangeError('no terms remain after minDf/maxDf pruning; lower minDf or raise maxDf');
  const column = new Map(vocabulary.map((t, j) => [t, j]));

  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const data: number[] = [];
  perDoc.forEach((counts, i) => {
    const row: [number, number][] = [];
    for (const [t, c] of counts) {
      const j = column.get(t);
      if (j !== undefined) row.push([j, c]);
    }
    row.sort((a, b) => a[0] - b[0]);
    for (const [j, c] of row) {
      idx.push(j);
      data.push(c);
    }
    indptr[i + 1] = idx.length;
  });
  return {
    kind: 'counts',
    nRows: n,
    nCols: vocabulary.length,
    indptr,
    indices: Int32Array.from(idx),
    data: Float64Array.from(data),
    vocabulary,
    ...(options.rowNames ? { rowNames: [...options.rowNames] } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
}
