import { WriteCancelledError } from '@latentkit/core';
import { inspect } from 'node:util';

/** Exit status of a failed command: bad usage or data, or cancelled with Ctrl-C (128 + SIGINT). */
export const EXIT_FAILURE = 1;
export const EXIT_CANCELLED = 130;

/** An error in how the command was called (arguments, options), reported without a stack trace; shared with @latentkit/app, whose dataset loading throws it. */
export { UsageError } from '@latentkit/app';

/** The user interrupted the command; nothing was written. */
export class CancelledError extends Error {
  constructor(message = 'cancelled; nothing was written') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Exit status for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  return error instanceof CancelledError || error instanceof WriteCancelledError ? EXIT_CANCELLED : EXIT_FAILURE;
}

/** The error as one line, `latentkit: <message>`, for stderr. */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').trim() || (error instanceof Error ? error.name : 'unknown error');
  return `latentkit: ${line}`;
}

/** The error with its stack and causes, for `--debug`. */
export function formatDebugError(error: unknown): string {
  return inspect(error, { depth: 6 });
}

export { firstLine } from '@latentkit/core';

/** Throw a {@link CancelledError} if `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
