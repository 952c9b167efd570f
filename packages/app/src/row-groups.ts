import { selectRows, type Dataset } from '@latentkit/core';
import { UsageError } from './usage-error.js';

/** The name of the hyperparameter that names the background group (`contrastive/cvae`). */
export const BACKGROUND_PARAM = 'background';
/** The background group when the user names none. */
export const DEFAULT_BACKGROUND = 'background';

/** Training rows and, when there is a split, test rows, named `name` in messages (a file, or a dataset key). */
export interface GroupedData {
  /** What messages call the data: the data file's path or the dataset's key. */
  readonly name: string;
  /** The training rows, with their `groups` column when the data has one. */
  readonly train: Dataset;
  /** The test rows of a split (same columns and group column as `train`); absent without a split. */
  readonly test?: Dataset;
}

/** The group values a fit uses: the background value, and the target values kept (all by default). */
export interface GroupChoice {
  /** The background value (the model's `background` hyperparameter); undefined for a model without one. */
  readonly background?: string;
  /** Keep only the rows whose group is the background or one of these; undefined keeps every row. */
  readonly targets?: readonly string[];
}

/** How the application names the two choices in its messages, e.g. `--background-value` and `--target-value`. */
export interface GroupChoiceNames {
  /** How messages name the background choice, e.g. `--background-value`. */
  readonly background: string;
  /** How messages name a target choice, e.g. `--target-value`. */
  readonly target: string;
}

/** The outcome of {@link keepGroupRows}: the data with only the kept rows, and how many were dropped. */
export interface KeptGroups<T extends GroupedData> {
  /** The input with `train` and `test` reduced to the kept rows (row order unchanged); the input itself when all are kept. */
  readonly data: T;
  /** Rows (train and test) whose group is neither the background nor a kept target value. */
  readonly dropped: number;
  /** The group values kept, background first; empty when no targets were chosen (every row kept). */
  readonly kept: readonly string[];
}

const list = (values: Iterable<string>): string => [...new Set(values)].map((v) => `'${v}'`).join(', ');

/**
 * Check the group values that can be checked before fitting, and keep the chosen target groups, as `latentkit fit
 * --group g --background-value b --target-value t` and the extension's Train Model do: the background value and every
 * target value must occur among the training rows' groups (else one line listing the values found); with `targets`,
 * the rows (train and test) whose group is neither the background (default {@link DEFAULT_BACKGROUND}) nor a target
 * are dropped. Data without groups, or with one group value and no targets chosen, is returned as it is (the model's
 * data check refuses it with its own message).
 * @throws UsageError of one line naming the group column, the data and the value.
 * @example
 * ```ts
 * keepGroupRows({ name: 'a.csv', train }, { background: 'ctrl', targets: ['drug'] }, names); // rows of ctrl and drug
 * ```
 */
export function keepGroupRows<T extends GroupedData>(data: T, choice: GroupChoice, names: GroupChoiceNames): KeptGroups<T> {
  const groups = data.train.groups;
  if (!groups) return { data, dropped: 0, kept: [] };
  const found = new Set(groups.values);
  const { background, targets } = choice;
  if (found.size < 2 && targets === undefined) return { data, dropped: 0, kept: [] };
  const where = `the group column '${groups.name}' of ${data.name}`;
  if (background !== undefined && !found.has(background)) {
    throw new UsageError(`background group '${background}' is not a value of ${where}; values found: ${list(groups.values)} (set it with ${names.background})`);
  }
  if (targets === undefined) return { data, dropped: 0, kept: [] };
  for (const t of targets) if (!found.has(t)) throw new UsageError(`${names.target} ${t} is not a value of ${where}; values found: ${list(groups.values)}`);
  const kept = [...new Set([background ?? DEFAULT_BACKGROUND, ...targets])];
  const keep = new Set(kept);
  const select = (ds: Dataset | undefined): Dataset | undefined => {
    if (!ds?.groups) return ds;
    const rows = ds.groups.values.flatMap((g, i) => (keep.has(g) ? [i] : []));
    return rows.length === ds.nRows ? ds : selectRows(ds, rows);
  };
  const train = select(data.train)!;
  const test = select(data.test);
  const dropped = data.train.nRows - train.nRows + (data.test ? data.test.nRows - test!.nRows : 0);
  return { data: { ...data, train, ...(test && { test }) }, dropped, kept };
}

/** Rows per group value, in order of first appearance: what a user chooses the background and targets from. */
export function groupCounts(values: readonly string[]): {
  /** A group value, as it appears in `values`. */
  readonly value: string;
  /** How many entries of `values` equal it, ≥ 1. */
  readonly rows: number;
}[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, rows]) => ({ value, rows }));
}
