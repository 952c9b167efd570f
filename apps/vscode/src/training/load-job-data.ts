import { loadDataset, type Dataset } from '@latentkit/core';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { LoadChoice } from '../data/sniff-data.js';

/** Files next to a Matrix Market file that may hold its vocabulary, one term per line, in the order tried. */
export function vocabularyCandidates(mtxFile: string): string[] {
  const dir = dirname(mtxFile);
  const base = basename(mtxFile, extname(mtxFile));
  return [`${base}.vocab`, `${base}.vocab.txt`, `vocab.${base}.txt`, `${base}.terms.txt`, 'vocab.txt'].map((f) => join(dir, f));
}

/**
 * Load a data file as the extension does: delimited text with the chosen label and feature columns; a Matrix
 * Market file with the first vocabulary file found next to it (see {@link vocabularyCandidates}). Missing cells
 * (empty, `NA`, JSON `null`) are kept as NaN, as `latentkit fit` does for the models that accept them; the registry's
 * data check (inspect, fit) then names the first one for the models that do not.
 */
export async function loadJobData(file: string, load: LoadChoice): Promise<Dataset> {
  if (!/\.mtx$/i.test(file))
    return loadDataset(file, { ...(load.columns && { columns: load.columns }), ...(load.label !== undefined && { label: load.label }), missing: 'nan' });
  const vocabulary = vocabularyCandidates(file).find((f) => existsSync(f));
  return loadDataset(file, vocabulary ? { vocabulary } : {});
}
