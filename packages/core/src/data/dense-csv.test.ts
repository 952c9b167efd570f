import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, MissingValueError } from './data-error.js';
import { detectDelimiter } from './delimiter.js';
import { loadDenseCsv, parseDenseCsv } from './dense-csv.js';
import { splitRows } from './split.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** The message of the error `fn` throws (asserting it is a DataError). */
async function messageOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadDenseCsv', () => {
  it('reads an R-written file: quoted header and split values, LF line ends', async () => {
    const p = write('faithful.csv', '"eruptions","waiting","split"\n3.6,79,"train"\n1.8,54,"train"\n3.333,74,"train"\n2.283,62,"train"\n4.533,85,"test"\n');
    const ds = await loadDenseCsv(p);
    expect(ds.columns).toEqual(['eruptions', 'waiting']);
    expect(ds.nRows).toBe(5);
    expect(Array.from(ds.values)).toEqual([3.6, 79, 1.8, 54, 3.333, 74, 2.283, 62, 4.533, 85]);
    expect(ds.split).toEqual(['train', 'train', 'train', 'train', 'test']);
    expect(Array.from(ds.lines!)).toEqual([2, 3, 4, 5, 6]);
    expect(ds.source).toBe(p);
    expect(splitRows(ds, 'test').values).toEqual(new Float64Array([4.533, 85]));
  });

  it('reads CRLF files with a string label column and keeps labels as strings', async () => {
    const p = write('penguins.csv', 'beak_length_mm,body_mass_g,species,split\r\n39.1,3750,Adelie,train\r\n46.5,4500,Gentoo,test\r\n');
    const ds = await loadDenseCsv(p, { label: 'species' });
    expect(ds.columns).toEqual(['beak_length_mm', 'body_mass_g']);
    expect(ds.labels).toEqual(['Adelie', 'Gentoo']);
    expect(ds.labelName).toBe('species');
    expect(Array.from(ds.values)).toEqual([39.1, 3750, 46.5, 4500]);
  });

  it('keeps a label column as numbers when every cell is a number', async () => {
    const ds = await loadDenseCsv(write('num-label.csv', 'a,b,label\n1,2,0\n3,4,2\n'), { label: 'label' });
    expect(ds.labels).toEqual([0, 2]);
  });

  it('leaves split undefined when the file has no split column', async () => {
    const ds = await loadDenseCsv(write('nosplit.csv', 'a,b\n1,2\n'));
    expect(ds.split).toBeUndefined();
    expect(await messageOf(async () => splitRows(ds, 'train'))).toBe(
      `${join(dir, 'nosplit.csv')}: no 'split' column with train/test values, so there is no train part`,
    );
  });

  it('selects and orders feature columns, and returns factor columns separately', async () => {
    const p = write('factors.csv', 'x1,x2,x3,z1,z2\n1,2,3,0.5,-0.5\n4,5,6,1.5,-1.5\n');
    const ds = await loadDenseCsv(p, { columns: ['x3', 'x1'], factors: ['z2', 'z1'] });
    expect(ds.columns).toEqual(['x3', 'x1']);
    expect(Array.from(ds.values)).toEqual([3, 1, 6, 4]);
    expect(ds.factors!.names).toEqual(['z2', 'z1']);
    expect(Array.from(ds.factors!.values)).toEqual([-0.5, 0.5, -1.5, 1.5]);
    const rest = await loadDenseCsv(p, { factors: ['z1', 'z2'] });
    expect(rest.columns).toEqual(['x1', 'x2', 'x3']);
  });

  it('uses tabs for .tsv and .tab files and names columns x1..xD without a header', async () => {
    const ds = await loadDenseCsv(write('m.tsv', '1\t2\t3\n4\t5\t6\n'), { header: false });
    expect(ds.columns).toEqual(['x1', 'x2', 'x3']);
    expect(Array.from(ds.values)).toEqual([1, 2, 3, 4, 5, 6]);
    const tab = await loadDenseCsv(write('m.tab', 'a\tb\n1\t2\n'));
    expect(tab.columns).toEqual(['a', 'b']);
  });

  it('guesses the delimiter of other files from the first line', async () => {
    expect(detectDelimiter('a;b;c\n')).toBe(';');
    expect(detectDelimiter('a b c\n')).toBe(' ');
    expect(detectDelimiter('\n\na\tb\n')).toBe('\t');
    const ds = await loadDenseCsv(write('semi.txt', 'a;b\n1.5;2\n'));
    expect(Array.from(ds.values)).toEqual([1.5, 2]);
  });

  it('reads R row names: an unnamed first header cell (write.csv) or a header one field short (write.table)', async () => {
    const csv = await loadDenseCsv(write('rn.csv', '"","a","b"\n"r1",1,2\n"r2",3,4\n'));
    expect(csv.columns).toEqual(['a', 'b']);
    expect(csv.rowNames).toEqual(['r1', 'r2']);
    expect(Array.from(csv.values)).toEqual([1, 2, 3, 4]);
    const table = await loadDenseCsv(write('rn.txt', '"a" "b"\n"1" 1 2\n"2" 3 4\n'));
    expect(table.columns).toEqual(['a', 'b']);
    expect(table.rowNames).toEqual(['1', '2']);
    expect(Array.from(table.values)).toEqual([1, 2, 3, 4]);
  });

  it('strips a byte-order mark and skips blank lines while keeping line numbers', async () => {
    const ds = await loadDenseCsv(write('bom.csv', '\ufeffa,b\n\n1,2\n\n3,4'));
    expect(ds.columns).toEqual(['a', 'b']);
    expect(Array.from(ds.lines!)).toEqual([3, 5]);
  });

  it('parses quoted fields with delimiters, quotes and line breaks through csv-parse with the right line numbers', async () => {
    const p = write('quoted.csv', 'name,a,b\n"plain",1,2\n"with, comma",3,4\n"two\nlines",5,6\n"say ""hi""",7,x\n');
    const msg = await messageOf(() => loadDenseCsv(p, { label: 'name' }));
    expect(msg).toBe(`${p}:6: column 'b' (3): expected a number, got "x"`);
    const ok = await loadDenseCsv(write('quoted-ok.csv', 'name,a\n"plain",1\n"with, comma",3\n"two\nlines",5\n"say ""hi""",7\n8-x,9\n'), { label: 'name' });
    expect(ok.labels).toEqual(['plain', 'with, comma', 'two\nlines', 'say "hi"', '8-x']);
    expect(Array.from(ok.values)).toEqual([1, 3, 5, 7, 9]);
    expect(Array.from(ok.lines!)).toEqual([2, 3, 4, 6, 7]);
  });

  it('gives the same result with the fast scanner and with csv-parse alone', () => {
    const rows = ['"id","u","v","split"'];
    for (let i = 0; i < 300; i++) rows.push(`"r${i}",${(i * 0.37 - 20).toFixed(3)},${i % 7 === 0 ? '"1e-3"' : i * 2},"${i % 5 === 4 ? 'test' : 'train'}"`);
    const text = `${rows.join('\r\n')}\r\n`;
    const fast = parseDenseCsv(text, { label: 'id' });
    const slow = parseDenseCsv(text, { label: 'id', engine: 'csv-parse' });
    expect(fast).toEqual(slow);
    expect(fast.nRows).toBe(300);
  });
});

describe('loadDenseCsv errors', () => {
  it('names file, line, column and cell for a non-numeric cell', async () => {
    const p = write('data.csv', 'eruptions,waiting\n3.6,79\n1.8,54\n3.3,74\n2.2,abc\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(`${p}:5: column 'waiting' (2): expected a number, got "abc"`);
  });

  it('hints at the label option when the first data row has text', async () => {
    const p = write('text-col.csv', 'a,species\n1,Adelie\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(
      `${p}:2: column 'species' (2): expected a number, got "Adelie" (if 'species' is not a feature, name it with the label, factors or columns option)`,
    );
  });

  it('reports ragged rows against the header', async () => {
    const p = write('ragged.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,9,10\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(`${p}:7: expected 3 fields like the header, got 4`);
    const q = write('ragged-noheader.csv', '1,2\n3\n');
    expect(await messageOf(() => loadDenseCsv(q, { header: false }))).toBe(`${q}:2: expected 2 fields like the first row, got 1`);
  });

  it('rejects an empty file and a header without data rows', async () => {
    const empty = write('empty.csv', '');
    expect(await messageOf(() => loadDenseCsv(empty))).toBe(`${empty}: empty file (expected a header row and data rows)`);
    const blank = write('blank.csv', '\r\n\n');
    expect(await messageOf(() => loadDenseCsv(blank))).toBe(`${blank}: empty file (expected a header row and data rows)`);
    const headerOnly = write('header-only.csv', 'a,b,c\n');
    expect(await messageOf(() => loadDenseCsv(headerOnly))).toBe(`${headerOnly}:1: no data rows after the header`);
  });

  it('rejects empty, NA, NaN and Inf cells unless missing values are allowed', async () => {
    const p = write('missing.csv', 'a,b\n1,2\n,3\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(
      `${p}:3: column 'a' (1): missing value (empty cell); pass missing: 'nan' to keep missing values as NaN`,
    );
    const na = write('na.csv', 'a,b\n1,NA\n');
    expect(await messageOf(() => loadDenseCsv(na))).toBe(`${na}:2: column 'b' (2): missing value "NA"; pass missing: 'nan' to keep missing values as NaN`);
    const nan = write('nan.csv', 'a,b\n1,NaN\n');
    expect(await messageOf(() => loadDenseCsv(nan))).toBe(`${nan}:2: column 'b' (2): missing value "NaN"; pass missing: 'nan' to keep missing values as NaN`);
    const inf = write('inf.csv', 'a,b\n1,2\n-Inf,2\n');
    expect(await messageOf(() => loadDenseCsv(inf))).toBe(`${inf}:3: column 'a' (1): expected a finite number, got "-Inf"`);
    const err = await loadDenseCsv(na).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingValueError);
    expect((err as MissingValueError).found).toBe('missing value "NA"');
    expect((err as MissingValueError).withReason(', but toy/m does not accept missing values').message).toBe(
      `${na}:2: column 'b' (2): missing value "NA", but toy/m does not accept missing values`,
    );
    const kept = await loadDenseCsv(write('kept.csv', 'a,b,c\n,NA,Inf\n1,NaN,-infinity\n'), { missing: 'nan' });
    expect(Array.from(kept.values)).toEqual([NaN, NaN, Infinity, 1, NaN, -Infinity]);
  });

  it('does not read an empty or blank cell as 0, nor hexadecimal as a number', async () => {
    const blank = write('blank-cell.csv', 'a,b\n1,  \n');
    expect(await messageOf(() => loadDenseCsv(blank))).toBe(
      `${blank}:2: column 'b' (2): missing value (empty cell); pass missing: 'nan' to keep missing values as NaN`,
    );
    const hex = write('hex.csv', 'a,b\n1,2\n3,0x1A\n');
    expect(await messageOf(() => loadDenseCsv(hex))).toBe(`${hex}:3: column 'b' (2): expected a number, got "0x1A"`);
  });

  it('lists the available columns when columns, label or factors name an unknown column', async () => {
    const p = write('cols.csv', 'eruptions,waiting,split\n1,2,train\n');
    expect(await messageOf(() => loadDenseCsv(p, { columns: ['eruptions', 'wait'] }))).toBe(
      `${p}:1: unknown feature column 'wait'; available columns: eruptions, waiting, split`,
    );
    expect(await messageOf(() => loadDenseCsv(p, { label: 'species' }))).toBe(
      `${p}:1: unknown label column 'species'; available columns: eruptions, waiting, split`,
    );
    expect(await messageOf(() => loadDenseCsv(p, { columns: ['split'] }))).toBe(`${p}:1: column 'split' cannot be both a feature and the split column`);
  });

  it('rejects bad split values, duplicate names and a numeric-looking header', async () => {
    const s = write('badsplit.csv', 'a,split\n1,train\n2,valid\n');
    expect(await messageOf(() => loadDenseCsv(s))).toBe(`${s}:3: column 'split' (2): expected "train" or "test", got "valid"`);
    const d = write('dup.csv', 'a,b,a\n1,2,3\n');
    expect(await messageOf(() => loadDenseCsv(d))).toBe(`${d}:1: duplicate column name 'a' (columns 1 and 3)`);
    const n = write('nohead.csv', '1.5,2\n3,4\n');
    expect(await messageOf(() => loadDenseCsv(n))).toBe(`${n}:1: the header row looks like numbers (1.5, 2); pass header: false if the file has no header`);
  });

  it('reports an unclosed quote with its line', async () => {
    const p = write('unclosed.csv', 'a,b\n1,2\n"x,3\n4,5\n');
    const msg = await messageOf(() => loadDenseCsv(p));
    expect(msg.startsWith(`${p}:3: invalid CSV: Quote Not Closed`)).toBe(true);
  });

  it('names a missing file', async () => {
    const p = join(dir, 'nope.csv');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(`${p}: cannot read the file (no such file)`);
  });
});

describe('delimiters, headers and compression', () => {
  it("reads a ';'-separated .csv and reports the detected delimiter once", async () => {
    const seen: string[] = [];
    const ds = await loadDenseCsv(write('semi.csv', 'a;b;split\n1.5;2;train\n3;4;test\n'), { onDelimiterDetected: (d) => seen.push(d) });
    expect(ds.columns).toEqual(['a', 'b']);
    expect(Array.from(ds.values)).toEqual([1.5, 2, 3, 4]);
    expect(seen).toEqual([';']);
    const comma: string[] = [];
    await loadDenseCsv(write('comma.csv', 'a,b\n1,2\n'), { onDelimiterDetected: (d) => comma.push(d) });
    expect(comma).toEqual([]);
  });

  it('reads an explicit delimiter and names headerless columns x1..xD', async () => {
    const ds = await loadDenseCsv(write('pipe.csv', '1|2|3\n4|5|6\n'), { delimiter: '|', header: false });
    expect(ds.columns).toEqual(['x1', 'x2', 'x3']);
    expect(Array.from(ds.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(ds.lines!)).toEqual([1, 2]);
  });

  it("says a file looks ';'-separated when reading it with commas fails, in the API's or the CLI's words", async () => {
    const p = write('kg.csv', 'weight, kg;height, cm\n70;180\n71;182\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(`${p}:2: expected 3 fields like the header, got 1; the file looks ';'-separated; pass delimiter: ";"`);
    expect(await messageOf(() => loadDenseCsv(p, { hintStyle: 'cli' }))).toBe(
      `${p}:2: expected 3 fields like the header, got 1; the file looks ';'-separated; pass --delimiter ';'`,
    );
    const q = write('eu-noheader.csv', '1,5;2,5\n3,1;4,2\n');
    expect(await messageOf(() => loadDenseCsv(q, { header: false, hintStyle: 'cli' }))).toBe(
      `${q}:1: column 'x2' (2): expected a number, got "5;2"; the file looks ';'-separated; pass --delimiter ';'`,
    );
    // A wrong explicit delimiter gets the same hint; a well-formed comma file whose error lies elsewhere gets none.
    expect(await messageOf(() => loadDenseCsv(p, { delimiter: '\t', hintStyle: 'cli' }))).toBe(
      `${p}:2: column 'weight, kg;height, cm' (1): expected a number, got "70;180"; the file looks ';'-separated; pass --delimiter ';'`,
    );
    const r = write('ragged-semi.csv', 'a,b\n1,2\n3;4\n');
    expect(await messageOf(() => loadDenseCsv(r))).toBe(`${r}:3: expected 2 fields like the header, got 1`);
  });

  it('rejects decimal commas in one line that says how to convert them', async () => {
    const p = write('eu.csv', 'a;b\n1;2\n1,5;2\n');
    expect(await messageOf(() => loadDenseCsv(p))).toBe(
      `${p}:3: column 'a' (1): expected a number, got "1,5", which has a decimal comma; only decimal points are read: replace the commas with points first (the columns are ';'-separated, so e.g. tr ',' '.')`,
    );
    const h = write('eu-noheader.tsv', '1,5\t2\n3\t4\n');
    expect(await messageOf(() => loadDenseCsv(h, { hintStyle: 'cli' }))).toBe(
      `${h}:1: the header row looks like numbers (1,5, 2); pass --no-header if the file has no header`,
    );
  });

  it("spells the label hint as CLI flags in the CLI's style", async () => {
    const p = write('species.csv', 'a,species\n1,Adelie\n');
    expect(await messageOf(() => loadDenseCsv(p, { hintStyle: 'cli' }))).toBe(
      `${p}:2: column 'species' (2): expected a number, got "Adelie" (if 'species' is not a feature, pass --label species, or choose the features with --columns)`,
    );
  });

  it('reads .csv.gz and .tsv.gz files with the line numbers of the decompressed text', async () => {
    const gz = write('data.csv.gz', gzipSync('a;b\n1;2\n\n3;x\n'));
    expect(await messageOf(() => loadDenseCsv(gz))).toBe(`${gz}:4: column 'b' (2): expected a number, got "x"`);
    const tsv = await loadDenseCsv(write('data.TSV.GZ', gzipSync('a\tb\n1\t2\n')));
    expect(tsv.columns).toEqual(['a', 'b']);
    expect(Array.from(tsv.values)).toEqual([1, 2]);
  });

  it('names a .gz file that is not gzip data or is truncated', async () => {
    const plain = write('plain.csv.gz', 'a,b\n1,2\n');
    expect(await messageOf(() => loadDenseCsv(plain))).toBe(`${plain}: cannot decompress the file (not gzip data or corrupt)`);
    const cut = write('cut.csv.gz', gzipSync('a,b\n1,2\n'.repeat(50)).subarray(0, 20));
    expect(await messageOf(() => loadDenseCsv(cut))).toBe(`${cut}: cannot decompress the file (the compressed data end early (truncated file))`);
  });
});
