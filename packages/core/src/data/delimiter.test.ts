import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDelimiter, csvDelimiter, delimiterForPath, delimiterName, suggestDelimiter } from './delimiter.js';
import { parseDenseCsv } from './dense-csv.js';

describe('chooseDelimiter', () => {
  it('reads a comma in a .csv, and detects ; or tab when the first line has no comma', () => {
    expect(chooseDelimiter('a,b\n1,2\n', 'data.csv')).toEqual({ delimiter: ',', detected: false });
    expect(chooseDelimiter('a;b\n1,5;2\n', 'data.csv')).toEqual({ delimiter: ';', detected: true });
    expect(chooseDelimiter('a\tb\n1\t2\n', 'DATA.CSV.GZ')).toEqual({ delimiter: '\t', detected: true });
    expect(chooseDelimiter('only\n1\n', 'data.csv')).toEqual({ delimiter: ',', detected: false });
  });

  it('ignores delimiters inside quotes and a byte-order mark', () => {
    expect(csvDelimiter('"weight, kg";"height, cm"\n70;180\n')).toBe(';');
    expect(csvDelimiter('\ufeff"x;y",z\n')).toBe(',');
    expect(csvDelimiter('\n\na;b\tc;d\n')).toBe(';');
  });

  it('keeps tab for .tsv and .tab (also gzipped) and guesses for .txt', () => {
    expect(chooseDelimiter('a,b\n', 'x.tsv')).toEqual({ delimiter: '\t', detected: false });
    expect(chooseDelimiter('a,b\n', 'x.tab.gz')).toEqual({ delimiter: '\t', detected: false });
    expect(chooseDelimiter('a b\n1 2\n', 'x.txt')).toEqual({ delimiter: ' ', detected: true });
    expect(delimiterForPath('x.tsv.gz')).toBe('\t');
    expect(delimiterForPath('x.csv.gz')).toBe(',');
    expect(delimiterForPath('x.gz')).toBeUndefined();
  });

  it('treats text without a file name (standard input) as CSV', () => {
    expect(chooseDelimiter('a b;c\n')).toEqual({ delimiter: ';', detected: true });
    expect(chooseDelimiter('a b,c\n', '<stdin>')).toEqual({ delimiter: ',', detected: false });
  });

  it('names delimiters for messages', () => {
    expect([';', '\t', ' ', '|'].map(delimiterName)).toEqual(["';'", 'tab', 'space', "'|'"]);
  });
});

describe('suggestDelimiter', () => {
  it("suggests ';' when the comma split is uneven, or when ';' sits inside every comma-split line", () => {
    expect(suggestDelimiter('weight, kg;height, cm\n70;180\n71;182\n', ',')).toBe(';');
    expect(suggestDelimiter('1,5;2,5\n3,1;4,2\n', ',')).toBe(';');
    expect(suggestDelimiter('a\tb\n1\t2\n', ',')).toBe('\t');
  });

  it('suggests nothing for a well-formed comma file or an uneven one', () => {
    expect(suggestDelimiter('a,b\n1,2\n3,4\n', ',')).toBeUndefined();
    expect(suggestDelimiter('a;b\n1;2;3\n', ',')).toBeUndefined();
    expect(suggestDelimiter('', ',')).toBeUndefined();
    // Decimal commas in a ';' file are not a comma-separated file.
    expect(suggestDelimiter('a;b\n1,5;2,5\n3,5;4,5\n', ';')).toBeUndefined();
  });
});

describe('delimiter detection and header: false round-trip (property)', () => {
  const names = (d: number) =>
    fc.uniqueArray(
      fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/).filter((n) => n !== 'split'),
      { minLength: d, maxLength: d },
    );
  const matrix = fc.record({ n: fc.integer({ min: 1, max: 8 }), d: fc.integer({ min: 1, max: 6 }) }).chain(({ n, d }) =>
    fc.record({
      rows: fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
      columns: names(d),
      delimiter: fc.constantFrom(',', ';', '\t'),
      header: fc.boolean(),
      eol: fc.constantFrom('\n', '\r\n'),
    }),
  );

  it('loads random numeric matrices written with , ; or tab, with and without a header, back to the same values and columns', () => {
    fc.assert(
      fc.property(matrix, ({ rows, columns, delimiter, header, eol }) => {
        const lines = rows.map((r) => r.map(String).join(delimiter));
        const text = [...(header ? [columns.join(delimiter)] : []), ...lines].join(eol) + eol;
        const detected: string[] = [];
        const ds = parseDenseCsv(text, { source: 'data.csv', header, onDelimiterDetected: (d) => detected.push(d) });
        const d = columns.length;
        expect(ds.columns).toEqual(header ? columns : columns.map((_, j) => `x${j + 1}`));
        expect(ds.nRows).toBe(rows.length);
        // String(v) round-trips every double except the sign of zero.
        expect(Array.from(ds.values)).toEqual(rows.flat().map((v) => (v === 0 ? 0 : v)));
        expect(Array.from(ds.lines!)).toEqual(rows.map((_, i) => i + (header ? 2 : 1)));
        expect(detected).toEqual(d > 1 && delimiter !== ',' ? [delimiter] : []);
      }),
      { numRuns: 100 },
    );
  });
});
