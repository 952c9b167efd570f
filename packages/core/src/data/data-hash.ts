import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';

/**
 * A fingerprint of a dataset's content: `sha256:<hex>` of its kind, shape, column names and values (dense: the
 * float64 cells, NaN included; counts: the CSR arrays) and, when present, the row groups (a model such as a
 * contrastive VAE fits them; data without groups hashes as before). Row labels, factors, splits and the source path are left
 * out, so the same numbers read from a CSV, a gzipped CSV or a JSON file hash alike. Saved models record it
 * (`provenance.dataHash`) so that a user can tell whether a model was fitted on the data at hand.
 * @example
 * ```ts
 * dataHash({ kind: 'dense', nRows: 2, nCols: 1, values: Float64Array.of(1, 2), columns: ['a'] }); // 'sha256:…' (64 hex digits)
 * ```
 */
export function dataHash(data: Dataset): string {
  const h = createHash('sha256');
  const columns = data.kind === 'dense' ? data.columns : (data.vocabulary ?? []);
  h.update(hashHeader(data.kind, data.nRows, data.nCols, columns));
  if (data.kind === 'dense') h.update(bytes(data.values));
  else {
    h.update(bytes(data.indptr));
    h.update(bytes(data.indices));
    h.update(bytes(data.data));
  }
  if (data.groups) h.update(JSON.stringify({ groups: data.groups.name, values: data.groups.values }));
  return `sha256:${h.digest('hex')}`;
}

/** What {@link dataHash} hashes before the values: kind, shape and column names (shared with streamed sources). */
export const hashHeader = (kind: string, nRows: number, nCols: number, columns: readonly string[]): string => JSON.stringify({ kind, nRows, nCols, columns });

/** The bytes of a typed array, as hashed. */
export const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
