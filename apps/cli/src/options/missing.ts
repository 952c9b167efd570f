import { Option, type Command } from 'commander';

/** Help text of `--missing`, shared by every command that reads data. */
export const MISSING_HELP =
  "missing cells (empty, NA, NaN, JSON null): 'nan' keeps them as NaN, 'error' rejects them " +
  '(default: nan when the model fits missing values, e.g. mixture/gmm, else error)';

/**
 * The `--missing <nan|error>` option of the commands that read data (`fit`, `score`, `transform`, `select`, `report`).
 * Commander rejects any other value in one line: `option '--missing <policy>' argument 'x' is invalid. Allowed choices are nan, error.`
 * @example
 * ```ts
 * program.command('score').addOption(missingOption());
 * ```
 */
export function missingOption(): Option {
  return new Option('--missing <policy>', MISSING_HELP).choices(['nan', 'error']);
}

/** Add {@link missingOption} to `cmd`. */
export function addMissingOption(cmd: Command): Command {
  return cmd.addOption(missingOption());
}
