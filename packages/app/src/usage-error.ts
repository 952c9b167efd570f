/**
 * An error in what the user asked for (an unknown dataset key, an unknown or invalid option), as opposed to a failure
 * of the code that ran: the CLI prints it without a stack trace, and callers that recover from a data-loading failure
 * rethrow it instead.
 */
export class UsageError extends Error {
  /** A usage error with a one-line `message` naming the option or input and what was expected; `options.cause` as for `Error`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}
