import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureWriter } from '../src/io.js';
import { runCli } from '../src/run-cli.js';

/** The bundled data files of @latentkit/datasets. */
export const DATA_DIR = fileURLToPath(new URL('../../../packages/datasets/data/', import.meta.url));

/** Result of running the command line. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `latentkit <argv>` in-process with captured output. */
export async function run(argv: readonly string[], options: { signal?: AbortSignal } = {}): Promise<RunResult> {
  const stdout = captureWriter();
  const stderr = captureWriter();
  const code = await runCli(argv, { stdout, stderr }, options);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A fresh temporary directory with a copy of faithful.csv (272 rows, split column) in it. */
export async function workDir(
  prefix: string,
): Promise<{ dir: string; faithful: string; file: (name: string, text?: string) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `latentkit-${prefix}-`));
  const faithful = join(dir, 'faithful.csv');
  await copyFile(join(DATA_DIR, 'faithful.csv'), faithful);
  return {
    dir,
    faithful,
    file: async (name, text) => {
      const path = join(dir, name);
      if (text !== undefined) await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Lines of a text, without the final empty one. */
export const linesOf = (text: string): string[] => text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

/**
 * scikit-learn's GaussianMixture (full covariance, 10 initialisations) on the train rows of faithful.csv, K = 2,
 * from tooling/reference/cli_gmm_split_reference.py: mean log-likelihood per sample on the train and test rows.
 */
export const SKLEARN_FAITHFUL_K2 = {
  nTrain: 218,
  nTest: 54,
  trainLogLikelihood: -4.154614820570483,
  testLogLikelihood: -4.190404265876665,
  trainBic: 1870.6415074594106,
};

/** The cells of the parameter-table row of `name` in `latentkit list <key>` output (columns split on two or more spaces). */
export function paramRow(lines: readonly string[], name: string): string[] {
  const line = lines.find((l) => l.trimStart().startsWith(`${name} `));
  if (line === undefined) throw new Error(`no row for parameter '${name}'`);
  return line.trim().split(/\s{2,}/);
}
