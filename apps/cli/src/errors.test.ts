import { describe, expect, it } from 'vitest';
import { CancelledError, EXIT_CANCELLED, EXIT_FAILURE, exitCodeFor, formatError } from './errors.js';

describe('formatError', () => {
  it('puts a multi-line message on one line after the program name', () => {
    expect(formatError(new Error('first\n  second\r\nthird'))).toBe('latentkit: first second third');
  });

  it('maps cancellation to 130 and everything else to 1', () => {
    expect(exitCodeFor(new CancelledError())).toBe(EXIT_CANCELLED);
    expect(EXIT_CANCELLED).toBe(130);
    expect(exitCodeFor(new Error('x'))).toBe(EXIT_FAILURE);
  });
});
