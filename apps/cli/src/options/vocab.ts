import { DataError, readTextFile, requireColumns, type Dataset } from '@latentkit/core';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';

/** Options of the commands that read `.mtx` count matrices. */
export interface VocabOptions {
  /** Vocabulary file of a `.mtx` data argument: one word per line, one line per column (`--vocab`). */
  readonly vocab?: string;
}

/**
 * Add `--vocab <words.txt>` to a command that reads a `.mtx` data argument whose words matter (topic words, vocabulary
 * checks): `fit`, `score`, `transform` and `report` in the command table.
 */
export function addVocabOption(cmd: Command): Command {
  return cmd.option(
    '--vocab <words.txt>',
    'vocabulary of a .mtx count matrix, one word per line and one line per column (default: <name>.vocab or <name>_vocab.txt beside the .mtx)',
  );
}

/** The `--vocab` value of a command's parsed options, as {@link VocabOptions}. */
export function vocabOption(cmd: Command): VocabOptions {
  const { vocab } = cmd.opts() as { vocab?: string };
  return vocab === undefined ? {} : { vocab };
}

const isMatrixMarket = (file: string): boolean => extname(file).toLowerCase() === '.mtx';

/** The vocabulary files looked for beside `counts.mtx`: `counts.vocab`, then `counts_vocab.txt`. */
export function vocabularyCandidates(mtx: string): string[] {
  const base = mtx.slice(0, -extname(mtx).length);
  return [`${base}.vocab`, `${base}_vocab.txt`];
}

/**
 * The vocabulary file for the data argument `file`: `--vocab` if given (then `file` must be a `.mtx`), else a
 * `<name>.vocab` or `<name>_vocab.txt` beside a `.mtx`, reported in a one-line note on stderr; undefined otherwise.
 * @throws UsageError when `--vocab` is given for data that is not a `.mtx` file.
 */
export function resolveVocabulary(file: string, options: VocabOptions, io: CliIO): string | undefined {
  if (options.vocab !== undefined) {
    if (!isMatrixMarket(file)) throw new UsageError(`--vocab ${options.vocab} names the words of a .mtx count matrix, but ${file} is not a .mtx file`);
    return options.vocab;
  }
  if (!isMatrixMarket(file)) return undefined;
  const found = vocabularyCandidates(file).find((f) => existsSync(f));
  if (found) io.stderr.write(`note: using the vocabulary ${found} for ${file} (one word per column; --vocab overrides it)\n`);
  return found;
}

/**
 * Read a vocabulary file: one word per line (a final newline, CRLF line ends and a BOM are fine), exactly `nCols` lines.
 * @throws DataError naming the file and line of a blank line, or the file and both counts when they differ.
 */
export async function readVocabulary(path: string, nCols: number, dataFile: string): Promise<string[]> {
  const lines = (await readTextFile(path))
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const blank = lines.findIndex((l) => l.trim() === '');
  if (blank >= 0) throw new DataError('empty line (expected one word per line)', { file: path, line: blank + 1 });
  if (lines.length !== nCols) throw new DataError(`${lines.length} words, but ${dataFile} has ${nCols} columns (expected one word per column)`, { file: path });
  return lines.map((l) => l.trim());
}

/**
 * `datasets` (count matrices read from `dataFile`) with the words of `vocabulary` as their columns; dense datasets and
 * an undefined `vocabulary` pass through. With `columns` (a saved model's), the words must be those the model was trained on.
 */
export async function withVocabulary<T extends Dataset | undefined>(
  data: T,
  vocabulary: string | undefined,
  dataFile: string,
  columns?: { readonly names: readonly string[]; readonly model: string },
): Promise<T> {
  if (!data || data.kind !== 'counts' || vocabulary === undefined) return data;
  const named = { ...data, vocabulary: await readVocabulary(vocabulary, data.nCols, dataFile) };
  return (columns ? requireColumns(named, columns.names, columns.model) : named) as T;
}
