/**
 * The first line of an error's message (or of `String(error)` for a thrown non-error), for quoting it inside another
 * one-line message.
 * @example
 * ```ts
 * firstLine(new Error('bad value\n  at parse (x.ts:1)')); // 'bad value'
 * ```
 */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
