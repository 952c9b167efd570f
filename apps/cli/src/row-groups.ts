import { selectRows, type Dataset } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { isDatasetArgument } from './dataset-source.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import type { TrainTest } from './load-data.js';

/** `--background-value` and `--target-value` of the commands that fit (`--group` itself is a column option). */
export interface GroupValueOptions {
  /** `--background-value <v>`: the model's `background` hyperparameter (as `--set background=v`). */
  readonly backgroundValue?: string;
  /** `--target-value <v>`: keep only the rows whose group is the background value or this value. */
  readonly targetValue?: string;
}

/** The name of the hyperparameter that names the background group (`contrastive/cvae`). */
export const BACKGROUND_PARAM = 'background';
/** The background group when neither `--background-value` nor `--set background=…` names one. */
export const DEFAULT_BACKGROUND = 'background';

const list = (values: Iterable<string>): string => [...new Set(values)].map((v) => `'${v}'`).join(', ');

/**
 * The `--set` hyperparameters with `--background-value v` added as `background=v`: refused in one line when the model
 * declares no `background` hyperparameter, or when `--set background=…` says something else.
 * @example
 * ```ts
 * withBackgroundValue(registry, 'contrastive/cvae', { epochs: '10' }, 'control'); // { epochs: '10', background: 'control' }
 * ```
 */
export function withBackgroundValue(registry: Registry, model: string, set: Record<string, string>, value: string | undefined): Record<string, string> {
  if (value === undefined) return set;
  if (!(BACKGROUND_PARAM in (registry.model(model).params ?? {}))) {
    throw new UsageError(`--background-value: ${model} has no '${BACKGROUND_PARAM}' hyperparameter (it does not fit row groups)`);
  }
  const given = set[BACKGROUND_PARAM];
  if (given !== undefined && given !== value)
    throw new UsageError(`--background-value ${value} contradicts --set ${BACKGROUND_PARAM}=${given}; give one of them`);
  return { ...set, [BACKGROUND_PARAM]: value };
}

/**
 * Check the group values that can be checked before fitting, and apply `--target-value`: the background value (of a
 * model with a `background` hyperparameter) and the target value must occur in the training rows' groups (else one
 * line listing the values found); with `--target-value t`, the rows (train and test) whose group is neither the
 * background nor `t` are dropped, and a note on stderr says how many.
 */
export function applyGroupValues(data: TrainTest, background: string | undefined, options: GroupValueOptions, io: CliIO): TrainTest {
  const groups = data.train.groups;
  if (!groups) {
    if (options.targetValue !== undefined) throw new UsageError(`--target-value needs row groups: give --group <column> (the column holding each row's group)`);
    return data;
  }
  const found = new Set(groups.values);
  // One value: the model's data check refuses it with its own message (a model needing groups needs two).
  if (found.size < 2 && options.targetValue === undefined) return data;
  const where = `the group column '${groups.name}' of ${data.name}`;
  if (background !== undefined && !found.has(background)) {
    throw new UsageError(`background group '${background}' is not a value of ${where}; values found: ${list(groups.values)} (set it with --background-value)`);
  }
  const target = options.targetValue;
  if (target === undefined) return data;
  if (!found.has(target)) throw new UsageError(`--target-value ${target} is not a value of ${where}; values found: ${list(groups.values)}`);
  const keep = new Set([background ?? DEFAULT_BACKGROUND, target]);
  const kept = (ds: Dataset | undefined): Dataset | undefined => {
    if (!ds?.groups) return ds;
    const rows = ds.groups.values.flatMap((g, i) => (keep.has(g) ? [i] : []));
    return rows.length === ds.nRows ? ds : selectRows(ds, rows);
  };
  const train = kept(data.train)!;
  const test = kept(data.test);
  const dropped = data.train.nRows - train.nRows + (data.test ? data.test.nRows - test!.nRows : 0);
  io.stderr.write(`note: --target-value ${target}: dropped ${dropped} rows whose group is neither ${list(keep)}\n`);
  return { ...data, train, ...(test && { test }) };
}

/**
 * Refuse, before reading the data, a file for a model that needs row groups when `--group` is not given (a dataset
 * key may bring its own groups, so it is left to the model's data check), so that the message asks for `--group`
 * rather than naming the group column's first text cell.
 */
export function requireGroupOption(registry: Registry, model: string, group: string | undefined, data: string): void {
  if (group !== undefined || !registry.model(model).data.groups || isDatasetArgument(data)) return;
  throw new UsageError(`${model} needs row groups: give --group <column> (the column holding each row's group)`);
}

/**
 * The background group of a fit: `--background-value`, else `--set background=…`, else the default 'background' —
 * only for a model that declares a `background` hyperparameter (undefined otherwise: nothing to check).
 */
export function backgroundOf(registry: Registry, model: string, validated: Readonly<Record<string, unknown>>): string | undefined {
  if (!(BACKGROUND_PARAM in (registry.model(model).params ?? {}))) return undefined;
  const v = validated[BACKGROUND_PARAM];
  return typeof v === 'string' ? v : DEFAULT_BACKGROUND;
}
