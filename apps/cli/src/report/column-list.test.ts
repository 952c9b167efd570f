import { describe, expect, it } from 'vitest';
import { columnListText, MAX_LISTED_COLUMNS } from './column-list.js';

describe('columnListText', () => {
  it('lists up to MAX_LISTED_COLUMNS columns and summarises wider data', () => {
    const names = (n: number) => Array.from({ length: n }, (_, j) => `x${j + 1}`);
    expect(columnListText(['eruptions', 'waiting'])).toBe('eruptions, waiting');
    expect(columnListText(names(MAX_LISTED_COLUMNS))).toBe(names(MAX_LISTED_COLUMNS).join(', '));
    expect(columnListText(names(MAX_LISTED_COLUMNS + 1))).toBe(`${MAX_LISTED_COLUMNS + 1} columns: x1, x2, x3, …, x${MAX_LISTED_COLUMNS + 1}`);
    expect(columnListText(names(784))).toBe('784 columns: x1, x2, x3, …, x784');
  });
});
