/**
 * An error in what the user asked for (an unknown dataset key, an unknown or invalid option), as opposed to a failure
 * of the code that ran: the CLI prints it without a stack trace, and callers that recover from a data-loading failure
 * rethrow it instead.
 */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}
