import { Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import type { CliIO, StdinSource } from '../io.js';

/** How the data files of a command are read (`--no-header`, `--delimiter`), and where notes and standard input come from. */
export interface DataFormatOptions {
  /** False with `--no-header`: the first row is data and the columns are named `x1, x2, …`. */
  readonly header?: boolean;
  /** `--delimiter`: `,`, `;`, `|` or a tab (default: by extension, `;` or tab detected in a `.csv` without commas). */
  readonly delimiter?: string;
  /** `--h5ad-layer <name>`: read `layers/<name>` of an AnnData `.h5ad` file instead of its `X`. */
  readonly h5adLayer?: string;
  /** Receives one-line notes about the data (a detected delimiter, a column that looks like a label), for stderr. */
  readonly onNote?: (message: string) => void;
  /** Standard input, read when a data argument is `-` (a function, so that commands that read none never touch it). */
  readonly stdin?: () => StdinSource | undefined;
}

const DELIMITERS: Readonly<Record<string, string>> = { ',': ',', ';': ';', '|': '|', '\t': '\t', '\\t': '\t', tab: '\t' };

/**
 * Parse `--delimiter`: `,` `;` `|` or a tab, given as a tab character, the two characters `\t`, or `tab`.
 * @example
 * ```ts
 * parseDelimiter('\\t'); // '\t'
 * ```
 */
export function parseDelimiter(text: string): string {
  const d = DELIMITERS[text.toLowerCase()];
  if (d === undefined) throw new UsageError(`--delimiter expects ',', ';', '|' or a tab (written \\t or tab), got ${JSON.stringify(text)}`);
  return d;
}

const delimiterOption = (text: string): string => {
  try {
    return parseDelimiter(text);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

/** What `--help` says about data arguments, after the options. */
export const DATA_FORMAT_HELP = `
Data files:
  .csv, .tsv, .tab, .txt, .mtx and .json, each also gzip-compressed (data.csv.gz). A .csv whose first line has no
  comma but ';' or tabs is read with that delimiter (a note says so). '-' reads CSV from standard input (gzip is
  recognised), e.g. latentkit fit mixture/gmm - < data.csv
  .h5ad (AnnData): X, or a layer with --h5ad-layer; the columns are the var index, --group names an obs column,
  e.g. latentkit fit contrastive/cvae cells.h5ad --group condition --h5ad-layer counts`;

/**
 * Add the options that say how data files are read, `--no-header`, `--delimiter <char>` and `--h5ad-layer <name>`,
 * and the help on compressed files, AnnData files and standard input, to a command that reads data.
 * @example
 * ```ts
 * addDataFormatOptions(program.command('fit'));
 * ```
 */
export function addDataFormatOptions(cmd: Command): Command {
  return cmd
    .option('--no-header', 'the first row of a delimited file is data: name the columns x1, x2, ...')
    .option(
      '--delimiter <char>',
      "field delimiter of delimited files: ',', ';', '|' or tab (\\t); default: by extension, ';' or tab detected in a .csv",
      delimiterOption,
    )
    .option('--h5ad-layer <name>', 'read layers/<name> of an AnnData .h5ad file (e.g. counts) instead of its X')
    .addHelpText('after', DATA_FORMAT_HELP);
}

/**
 * The {@link DataFormatOptions} of a parsed command (no header or delimiter for commands without the options), with
 * notes written to `io.stderr` as `note: …` lines, each once, and standard input taken from `io.stdin`.
 */
export function dataFormatOptions(cmd: Command, io: CliIO): DataFormatOptions {
  const o = cmd.opts() as { header?: boolean; delimiter?: string; h5adLayer?: string };
  const noted = new Set<string>();
  return {
    ...(o.header === false && { header: false }),
    ...(o.delimiter !== undefined && { delimiter: o.delimiter }),
    ...(o.h5adLayer !== undefined && { h5adLayer: o.h5adLayer }),
    // A file read twice (once with the model's columns, once as it is) notes each thing once.
    onNote: (message) => {
      if (noted.has(message)) return;
      noted.add(message);
      io.stderr.write(`note: ${message}\n`);
    },
    stdin: () => io.stdin,
  };
}

/** The {@link DataFormatOptions} among `options`, to pass on when loading another data argument with them. */
export function dataFormatOf(options: DataFormatOptions): DataFormatOptions {
  const { header, delimiter, h5adLayer, onNote, stdin } = options;
  return {
    ...(header !== undefined && { header }),
    ...(delimiter !== undefined && { delimiter }),
    ...(h5adLayer !== undefined && { h5adLayer }),
    ...(onNote && { onNote }),
    ...(stdin && { stdin }),
  };
}
