import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseColumnList, parseCount, parseSetOptions } from './parse-options.js';

describe('parseSetOptions', () => {
  it('splits at the first = and keeps the value as a string', () => {
    expect(parseSetOptions(['nComponents=2', 'meansInit=[[1,2],[3,4]]', 'x= a=b '])).toEqual({ nComponents: '2', meansInit: '[[1,2],[3,4]]', x: 'a=b' });
  });

  it('rejects an item without a name', () => {
    expect(() => parseSetOptions(['nComponents'])).toThrow(UsageError);
    expect(() => parseSetOptions(['=3'])).toThrow("--set expects name=value, got '=3'");
  });
});

describe('parseColumnList', () => {
  it('trims names and rejects empty ones', () => {
    expect(parseColumnList('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(() => parseColumnList('a,,b')).toThrow(UsageError);
  });
});

describe('parseCount', () => {
  it('accepts non-negative integers only', () => {
    expect(parseCount('--seed', '42')).toBe(42);
    expect(() => parseCount('--seed', '-1')).toThrow("--seed expects an integer >= 0, got '-1'");
    expect(() => parseCount('--seed', '1.5')).toThrow(UsageError);
    expect(() => parseCount('-n', '0', 1)).toThrow('-n expects an integer >= 1');
  });
});
