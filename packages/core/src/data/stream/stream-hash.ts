import { createHash } from 'node:crypto';
import { bytes, hashHeader } from '../data-hash.js';
import type { RowSource } from './row-source.js';

/**
 * `dataHash` of the rows of a source, streamed: the same `sha256:<hex>` as `dataHash` of the same rows in memory
 * (kind, shape, column names, float64 cells). Takes one pass, two when the number of rows is not known yet.
 */
export async function streamDataHash(src: RowSource): Promise<string> {
  if (src.nRows === undefined) for await (const _ of src.blocks());
  const h = createHash('sha256');
  h.update(hashHeader('dense', src.nRows!, src.nCols, src.columns));
  for await (const b of src.blocks()) h.update(bytes(b.values));
  return `sha256:${h.digest('hex')}`;
}
