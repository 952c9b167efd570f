import { describe, expect, it } from 'vitest';
import { csvField, matrixToCsv } from './csv-text.js';

describe('matrixToCsv', () => {
  it('writes a header and one line per row, with an extra column', () => {
    const text = matrixToCsv(['a', 'b'], 2, Float64Array.of(1, 0.1, -2.5, 1e-20), { name: 'component', values: [0, 1] });
    expect(text).toBe('a,b,component\n1,0.1,0\n-2.5,1e-20,1\n');
  });

  it('writes numbers that read back exactly', () => {
    const values = Float64Array.of(Math.PI, 1 / 3, -1234567.891011, 5e-324);
    const lines = matrixToCsv(['x'], 4, values).trim().split('\n').slice(1);
    expect(lines.map(Number)).toEqual(Array.from(values));
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});
