import { describe, expect, it } from 'vitest';
import { firstLine } from './error-text.js';

describe('firstLine', () => {
  it('keeps the first line of an error message, and of anything else thrown', () => {
    expect(firstLine(new Error('bad value\n  at parse (x.ts:1)'))).toBe('bad value');
    expect(firstLine('plain text\nmore')).toBe('plain text');
    expect(firstLine(undefined)).toBe('undefined');
    expect(firstLine({ message: 'from an object' })).toBe('from an object');
  });
});
