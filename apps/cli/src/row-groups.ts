import { BACKGROUND_PARAM, DEFAULT_BACKGROUND, keepGroupRows } from '@latentkit/app';
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

/** How the CLI's group messages name the choices. */
const GROUP_OPTION_NAMES = { background: '--background-value', target: '--target-value' };

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
 * Check the group values that can be checked before fitting, and apply `--target-value` (`keepGroupRows` of
 * @latentkit/app, which the extension's Train Model uses too): the background value and the target value must occur
 * in the training rows' groups; with `--target-value t`, the rows whose group is neither the background nor `t` are
 * dropped, and a note on stderr says how many.
 */
export function applyGroupValues(data: TrainTest, background: string | undefined, options: GroupValueOptions, io: CliIO): TrainTest {
  if (!data.train.groups && options.targetValue !== undefined)
    throw new UsageError(`--target-value needs row groups: give --group <column> (the column holding each row's group)`);
  const targets = options.targetValue === undefined ? undefined : [options.targetValue];
  const { data: kept, dropped, kept: values } = keepGroupRows(data, { background, targets }, GROUP_OPTION_NAMES);
  if (targets) io.stderr.write(`note: --target-value ${options.targetValue}: dropped ${dropped} rows whose group is neither ${list(values)}\n`);
  return kept;
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
