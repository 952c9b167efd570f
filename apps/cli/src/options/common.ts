import { InvalidArgumentError, type Command } from 'commander';
import { parseColumnList, parseCount } from '../parse-options.js';

/** Adds one group of options (and their help) to a command of the table in `command-table.ts`. */
export type OptionGroup = (cmd: Command) => Command;

/** Repeatable options collect their values in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A commander argument parser from a parser that throws one-line errors. */
export const asArgParser =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };

const parseColumns = asArgParser(parseColumnList);

/** `--seed <n>` (default 0). */
export const seedOption =
  (description = 'random seed'): OptionGroup =>
  (cmd) =>
    cmd.option(
      '--seed <n>',
      description,
      asArgParser((t) => parseCount('--seed', t)),
      0,
    );

/** `--json`: print one JSON line. */
export const jsonOption =
  (description = 'print one JSON line'): OptionGroup =>
  (cmd) =>
    cmd.option('--json', description);

/** `--set <name=value>` (repeatable): hyperparameters of a model, or parameters of a metric. */
export const setOption =
  (description = 'set a hyperparameter (repeatable)'): OptionGroup =>
  (cmd) =>
    cmd.option('--set <name=value>', description, collect);

/** `--data <name=value>` (repeatable): options of the dataset plugin of a dataset key. */
export const datasetOptions =
  (description = 'pass an option to the dataset plugin of a dataset key (repeatable)'): OptionGroup =>
  (cmd) =>
    cmd.option('--data <name=value>', description, collect);

/** `--test <file>`: the test data of the commands that fit. */
export const testOption: OptionGroup = (cmd) =>
  cmd.option('--test <file>', 'test data to score, a file or a dataset key (default: the test rows of the split)');

/** `--engine <key>`: the inference engine of the commands that fit. */
export const engineOption: OptionGroup = (cmd) => cmd.option('--engine <key>', "inference engine (default: the model's first)");

/** What `--columns` and `--label` say they select. */
export interface ColumnHelp {
  readonly columns: string;
  readonly label: string;
}

/** Column help of the commands that fit: the feature columns and the label column of the training data. */
export const FEATURE_COLUMNS: ColumnHelp = { columns: 'feature columns to use', label: 'column holding class labels (not a feature)' };

/** Column help of the commands that read data for a saved model. */
export const MODEL_COLUMNS: ColumnHelp = {
  columns: "columns to use, matched to the model's by position",
  label: 'column holding class labels (not a feature)',
};

/** `--columns <a,b,...>` and `--label <column>`. */
export const columnOptions =
  (help: ColumnHelp): OptionGroup =>
  (cmd) =>
    cmd.option('--columns <a,b,...>', help.columns, parseColumns).option('--label <column>', help.label);

/** `--columns <a,b,...>` alone, with its help. */
export const columnsOption =
  (description: string, flag = '--columns'): OptionGroup =>
  (cmd) =>
    cmd.option(`${flag} <a,b,...>`, description, parseColumns);
