import type { DenseDataset } from '@latentkit/core';
import type { RowUse } from '../common/vae-data.js';

/** Fewest rows each of the background and the target groups must have to fit (a variance needs two). */
export const MIN_GROUP_ROWS = 2;

/**
 * The target indicator of each row (1 target, 0 background) from `ds.groups`: rows whose group is `background` are
 * background rows, every other value is a target group (all target groups share one salient block).
 *
 * Fitting needs groups, at least two distinct values, and {@link MIN_GROUP_ROWS} rows in the background and in the
 * targets; scoring needs groups of the right length (any mix of rows); `transform` uses only the encoders and works
 * without groups (null).
 * @throws Error in one line naming the model, the group column and what was expected.
 */
export function targetIndicator(ds: DenseDataset, background: string, key: string, use: RowUse): Float32Array | null {
  const g = ds.groups;
  if (!g) {
    if (use === 'transform') return null;
    throw new Error(`${key} needs row groups: give --group <column>`);
  }
  const where = `group column '${g.name}' of ${ds.source ?? 'the data'}`;
  if (g.values.length !== ds.nRows) throw new Error(`${key}: ${where} has ${g.values.length} values for ${ds.nRows} rows`);
  const target = Float32Array.from(g.values, (v) => (v === background ? 0 : 1));
  if (use !== 'fit') return target;
  const distinct = [...new Set(g.values)];
  const nTarget = target.reduce((a, b) => a + b, 0);
  const nBackground = ds.nRows - nTarget;
  if (nTarget === 0) throw new Error(`${key}: every row of ${where} is background ('${background}'), a background-only file; expected target rows too`);
  if (distinct.length < 2)
    throw new Error(`${key}: ${where} has one group only ('${distinct[0]}'), and no background rows ('${background}'); set background=<value>`);
  if (nBackground === 0)
    throw new Error(`${key}: no row of ${where} has the background value '${background}' (values: ${distinct.slice(0, 5).join(', ')}); set background=<value>`);
  if (nBackground < MIN_GROUP_ROWS || nTarget < MIN_GROUP_ROWS)
    throw new Error(`${key}: ${where} has ${nBackground} background and ${nTarget} target rows; expected at least ${MIN_GROUP_ROWS} of each`);
  return target;
}
