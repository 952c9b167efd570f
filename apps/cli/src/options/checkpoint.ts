import type { CheckpointOptions } from '@latentkit/registry';
import { UsageError } from '../errors.js';
import { asArgParser, type OptionGroup } from './common.js';

/** How often `--checkpoint-every` asks for a checkpoint: every n iterations, or every m minutes. */
export type CheckpointEvery = Pick<CheckpointOptions, 'everyIterations' | 'everyMinutes'>;

/**
 * Parse `--checkpoint-every`: a whole number of iterations (`10`) or minutes with the suffix `min` (`5min`, `0.5min`).
 * @example
 * ```ts
 * parseCheckpointEvery('5min'); // { everyMinutes: 5 }
 * ```
 */
export function parseCheckpointEvery(text: string): CheckpointEvery {
  const minutes = /^\s*(\d+(?:\.\d+)?)\s*min\s*$/.exec(text);
  if (minutes && Number(minutes[1]) > 0) return { everyMinutes: Number(minutes[1]) };
  if (/^\s*\d+\s*$/.test(text) && Number(text) >= 1) return { everyIterations: Number(text) };
  throw new Error(`--checkpoint-every: expected a number of iterations (e.g. 10) or of minutes (e.g. 5min), got '${text}'`);
}

/** `--checkpoint`, `--checkpoint-every` and `--resume`, the option group of `fit`. */
export const checkpointOptions: OptionGroup = (cmd) =>
  cmd
    .option('--checkpoint <file>', 'write a checkpoint of the fit to this file (atomically), after every iteration unless --checkpoint-every says otherwise')
    .option('--checkpoint-every <n|Mmin>', 'write the checkpoint every n iterations (10) or every M minutes (5min)', asArgParser(parseCheckpointEvery))
    .option('--resume <file>', 'continue the fit a checkpoint file recorded (same model, parameters, seed and data; --engine-set maxIter may differ)');

/** The `FitOptions` of the parsed `--checkpoint`, `--checkpoint-every` and `--resume`. */
export function checkpointArgs(o: { checkpoint?: string; checkpointEvery?: CheckpointEvery; resume?: string }): {
  checkpoint?: CheckpointOptions;
  resumeFrom?: string;
} {
  if (o.checkpointEvery && !o.checkpoint) throw new UsageError('--checkpoint-every needs --checkpoint <file>');
  return {
    ...(o.checkpoint !== undefined && { checkpoint: { path: o.checkpoint, ...o.checkpointEvery } }),
    ...(o.resume !== undefined && { resumeFrom: o.resume }),
  };
}
