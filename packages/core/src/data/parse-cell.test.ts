import { describe, expect, it } from 'vitest';
import { parseCell } from './parse-cell.js';

describe('parseCell', () => {
  it('reads decimal numbers as Number() does', () => {
    for (const s of ['0', '-0', '1', '-2.5', '+3', '.5', '5.', '1e-3', '-1.25E+2', ' 7 ', '0.000', '0e0', '007']) expect(parseCell(s)).toBe(Number(s));
  });

  it('reads empty, blank and NA-like cells as NaN (missing)', () => {
    for (const s of ['', '   ', 'NA', 'NaN', 'nan', 'N/A', 'null', 'None', ' NA ']) expect(parseCell(s)).toBeNaN();
  });

  it('reads Inf and Infinity in any case with a sign', () => {
    expect(parseCell('Inf')).toBe(Infinity);
    expect(parseCell('-inf')).toBe(-Infinity);
    expect(parseCell('+Infinity')).toBe(Infinity);
    expect(parseCell('-INF')).toBe(-Infinity);
  });

  it('rejects text, hexadecimal, binary and octal literals', () => {
    for (const s of ['abc', '1,5', '0x1A', '0b101', '0o17', ' 0x10', '1 2', '--1', '1e', 'TRUE']) expect(parseCell(s)).toBeUndefined();
  });
});
