import type { Command } from 'commander';

/** `--stream` of `fit`: read the training file in blocks, pass after pass, instead of loading it. */
export const addStreamOption = (cmd: Command): Command =>
  cmd.option(
    '--stream',
    'read the training file in blocks of rows, once per pass, never whole (CSV, TSV, .gz, Matrix Market sorted by row): for data larger than memory; models that stream: mixture/gmm, factor/fa, factor/ppca (closed form), the VAE family but contrastive/cvae (epochs read the file through a seeded shuffle buffer of --engine-set shuffleBuffer=<minibatches>, default 10: approximate shuffling)',
  );
