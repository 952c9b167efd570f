import type { DenseDataset } from '@latentkit/core';
import type { RowGroupCodes, RowUse } from '../common/vae-data.js';
import type { CvaeParams } from './cvae-params.js';

/**
 * Fewest rows each group (the background and every target value) must have to fit: a group's mean ELBO, its HSIC and
 * its MMD need two rows (HSIC and MMD of a single row are 0, so the penalty would read nothing), and one row cannot
 * tell a group's own variation from noise. Batch size does not enter: every epoch visits every row.
 */
export const MIN_GROUP_ROWS = 2;

/** At most this many group values are listed in an error. */
const LISTED = 8;

const listed = (values: readonly string[]): string =>
  values
    .slice(0, LISTED)
    .map((v) => `'${v}'`)
    .join(', ') + (values.length > LISTED ? `, … (${values.length} values)` : '');

/** Rows per value, in order of first appearance. */
function counts(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/**
 * The rows' group codes (0 background, else a target group) from `ds.groups`: rows whose group is `params.background`
 * are background rows, every other value is a target group. The target groups are named in order of first appearance
 * in the training rows; with `salientBlocks: 'per-group'` target group g (1-based, in that order) has code g, with
 * 'shared' every target row has code 1 (one salient block). Data given to a fitted model map their groups by the
 * fitted names (`fitted`), so new data may hold any subset of the groups in any order.
 *
 * Fitting needs groups, a background and at least one target group, and {@link MIN_GROUP_ROWS} rows in every group;
 * scoring needs groups of the right length (any mix of known groups); `transform` uses only the encoders and works
 * without groups (null), but refuses groups unseen at fit time as scoring does.
 * @throws Error in one line naming the model, the group column and what was expected (the values found, or the known groups).
 */
export function groupCodes(
  ds: DenseDataset,
  params: Pick<CvaeParams, 'background' | 'salientBlocks'>,
  key: string,
  use: RowUse,
  fitted?: readonly string[],
): RowGroupCodes | null {
  const g = ds.groups;
  const background = params.background;
  if (!g) {
    if (use === 'transform') return null;
    throw new Error(`${key} needs row groups: give --group <column>`);
  }
  const where = `group column '${g.name}' of ${ds.source ?? 'the data'}`;
  if (g.values.length !== ds.nRows) throw new Error(`${key}: ${where} has ${g.values.length} values for ${ds.nRows} rows`);
  const found = counts(g.values);
  const targets = [...found.keys()].filter((v) => v !== background);
  if (fitted) {
    const unseen = targets.find((v) => !fitted.includes(v));
    if (unseen !== undefined)
      throw new Error(
        `${key}: ${where} has the group '${unseen}', unseen in training; the model knows the background '${background}' and the target groups ${listed(fitted)}`,
      );
  } else if (use === 'fit') checkFitGroups(found, targets, background, key, where);
  const names = fitted ?? targets;
  const perGroup = params.salientBlocks === 'per-group';
  const codes = Float32Array.from(g.values, (v) => (v === background ? 0 : perGroup ? names.indexOf(v) + 1 : 1));
  return { codes, names };
}

/** The fitting rules of {@link groupCodes}: a background, a target group, and {@link MIN_GROUP_ROWS} rows in each group. */
function checkFitGroups(found: ReadonlyMap<string, number>, targets: readonly string[], background: string, key: string, where: string): void {
  const values = [...found.keys()];
  if (targets.length === 0) throw new Error(`${key}: every row of ${where} is background ('${background}'), a background-only file; expected target rows too`);
  if (values.length < 2)
    throw new Error(`${key}: ${where} has one group only ('${values[0]}'), and no background rows ('${background}'); set background=<value>`);
  if (!found.has(background))
    throw new Error(`${key}: no row of ${where} has the background value '${background}' (values found: ${listed(values)}); set background=<value>`);
  const few = values.filter((v) => found.get(v)! < MIN_GROUP_ROWS);
  if (few.length > 0) {
    const rows = few.slice(0, LISTED).map((v) => `'${v}' (${found.get(v)} row${found.get(v) === 1 ? '' : 's'})`);
    throw new Error(`${key}: ${where} has too few rows in group ${rows.join(', ')}; expected at least ${MIN_GROUP_ROWS} rows in every group`);
  }
}
