import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDenseCsv, parseDenseCsv, type DenseCsvOptions } from '../dense-csv.js';
import { MissingValueError } from '../data-error.js';
import { delimitedSource, openDelimitedSource, type DelimitedSourceOptions } from './delimited-source.js';
import type { ChunkOpener } from './file-chunks.js';
import { collectRows } from './row-source.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** The text's bytes in pieces cut at `cuts` (byte offsets), a new pass each call. */
const pieces = (text: string, cuts: readonly number[]): ChunkOpener =>
  async function* () {
    const bytes = Buffer.from(text, 'utf8');
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    let prev = 0;
    for (const c of [...at, bytes.length]) {
      if (c > prev) yield bytes.subarray(prev, c);
      prev = c;
    }
  };

/** Rows of the in-memory loader, and of the stream over the same text (blocks of 3 rows). */
async function both(text: string, options: DenseCsvOptions & DelimitedSourceOptions = {}, cuts: number[] = [7, 19]) {
  const mem = parseDenseCsv(text, { ...options, source: 'd.csv' });
  const src = await delimitedSource(pieces(text, cuts), 'd.csv', { blockRows: 3, ...options });
  return { mem, streamed: await collectRows(src), src };
}

async function streamError(text: string, options: DelimitedSourceOptions = {}, cuts: number[] = [5, 11, 40]): Promise<string> {
  try {
    const src = await delimitedSource(pieces(text, cuts), 'd.csv', { blockRows: 2, ...options });
    await collectRows(src);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const memError = (text: string, options: DenseCsvOptions = {}): string => {
  try {
    parseDenseCsv(text, { ...options, source: 'd.csv' });
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

const sample = 'a,b,c\n1,2,3\n4.5,-1e3,6\n\n7,8,9\n10,11,12\n13,14,15\n16,17,18\n19,20,21\n';

describe('streamed CSV/TSV rows equal the in-memory loader', () => {
  it('gives the same rows, columns and lines, in blocks of blockRows', async () => {
    const { mem, streamed, src } = await both(sample);
    expect(streamed.columns).toEqual(mem.columns);
    expect(streamed.values).toEqual(mem.values);
    expect(streamed.lines).toEqual(mem.lines);
    expect(src.nRows).toBe(7);
    const sizes: number[] = [];
    for await (const b of src.blocks()) sizes.push(b.nRows);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('handles quoted fields with delimiters and line breaks, CRLF, a BOM, row names and column choices', async () => {
    const text = '\ufeff"",x,"y, z",lab\r\n"r1",1,2,"a\nb"\r\n"r2",3,4,"c,d"\r\n"r3",5,6,e\r\n';
    const { mem, streamed } = await both(text, { label: 'lab' }, [1, 2, 3, 9, 30, 31]);
    expect(streamed.columns).toEqual(['x', 'y, z']);
    expect(streamed.values).toEqual(mem.values);
    expect(streamed.lines).toEqual(mem.lines);
    const cols = await both(sample, { columns: ['c', 'a'] });
    expect(cols.streamed.values).toEqual(cols.mem.values);
  });

  it('detects the delimiter as the in-memory loader does (semicolon CSV, TSV by extension, no header)', async () => {
    const semi = 'a;b\n1;2\n3;4\n';
    const detected: string[] = [];
    const s = await both(semi, { onDelimiterDetected: (d) => detected.push(d) });
    expect(s.streamed.values).toEqual(s.mem.values);
    expect(detected).toEqual([';', ';']);
    const tsvPath = file('t.tsv', 'a\tb\n1\t2\n3\t4\n');
    expect((await collectRows(await openDelimitedSource(tsvPath))).values).toEqual((await loadDenseCsv(tsvPath)).values);
    const noHeader = await both('1,2\n3,4\n5,6\n', { header: false });
    expect(noHeader.streamed.columns).toEqual(['x1', 'x2']);
    expect(noHeader.streamed.values).toEqual(noHeader.mem.values);
  });

  it('reads gzip files while streaming, with the same rows as loadDenseCsv', async () => {
    const big = ['u,v', ...Array.from({ length: 5000 }, (_, i) => `${i * 0.25},${Math.sin(i)}`)].join('\n');
    const p = file('big.csv.gz', gzipSync(big));
    const src = await openDelimitedSource(p, { chunkBytes: 1000, blockRows: 700 });
    expect((await collectRows(src)).values).toEqual((await loadDenseCsv(p)).values);
    // A second pass reads the file again and gives the same rows.
    expect((await collectRows(src)).values).toEqual((await loadDenseCsv(p)).values);
    expect(src.counters.passes).toBe(2);
  });

  it('keeps the train rows of a split column when asked, all rows otherwise', async () => {
    const text = 'a,split\n1,train\n2,test\n3,train\n';
    const src = await delimitedSource(pieces(text, []), 'd.csv', { keep: 'train' });
    expect(Array.from((await collectRows(src)).values)).toEqual([1, 3]);
    expect(src.hasSplit).toBe(true);
    expect(Array.from((await collectRows(await delimitedSource(pieces(text, []), 'd.csv'))).values)).toEqual([1, 2, 3]);
  });

  it('chunk boundaries anywhere in the text change nothing (fast-check)', async () => {
    const cell = fc.oneof(
      fc.integer({ min: -999, max: 999 }).map(String),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => v.toExponential(3)),
    );
    const table = fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 30 });
    const text = table.map((rows) => `a,"b ""q""",c\n${rows.map((r) => `${r[0]},"${r[1]}",${r[2]}`).join('\n')}\n`);
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 8 }), async (t, cuts, blockRows) => {
        const mem = parseDenseCsv(t, { source: 'd.csv' });
        const got = await collectRows(await delimitedSource(pieces(t, cuts), 'd.csv', { blockRows }));
        expect(got.values).toEqual(mem.values);
        expect(got.lines).toEqual(mem.lines);
      }),
      { numRuns: 150 },
    );
  });
});

describe('streamed CSV errors are the in-memory loader’s', () => {
  const cases: [string, string, DenseCsvOptions?][] = [
    ['a bad cell deep in the file', `${sample}22,x,24\n`],
    ['a missing cell', `${sample}22,,24\n`],
    ['NA', `${sample}22,NA,24\n`],
    ['a short row', `${sample}22,23\n`],
    ['an infinite value', `${sample}22,inf,24\n`],
    ['a header of numbers', '1,2\n3,4\n'],
    ['an unknown column', sample, { columns: ['zz'] }],
    ['a bad cell in the first row (label hint)', 'a,b\nx,2\n3,4\n'],
    ['a bad split value', 'a,split\n1,train\n2,maybe\n'],
    ['an unclosed quote', `${sample}"22,23,24\n`],
    ['a decimal comma in a semicolon file', 'a;b\n1;2\n3;4\n5;6\n7;8\n9;10\n11;1,5\n'],
  ];
  for (const [what, text, options] of cases) {
    it(`${what}`, async () => {
      const want = memError(text, options);
      expect(want).not.toBe('no error');
      expect(await streamError(text, options)).toBe(want);
    });
  }

  it('keeps MissingValueError, and reads NaN cells with missing: nan', async () => {
    const text = `${sample}22,NA,24\n`;
    const err = await delimitedSource(pieces(text, [50]), 'd.csv')
      .then(collectRows)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingValueError);
    const { mem, streamed } = await both(text, { missing: 'nan' });
    expect(streamed.values).toEqual(mem.values);
  });

  it('names a missing file as the in-memory loader does', async () => {
    const p = join(dir, 'none.csv');
    await expect(openDelimitedSource(p)).rejects.toThrow(((await loadDenseCsv(p).catch((e: unknown) => e)) as Error).message);
  });
});

describe('a streamed pass holds a bounded number of rows', () => {
  it('never holds more than one block plus the rows of one chunk, whatever the file size', async () => {
    const rows = (n: number) => ['a,b', ...Array.from({ length: n }, (_, i) => `${i},${i % 7}`)].join('\n');
    const peaks: number[] = [];
    for (const n of [2_000, 40_000]) {
      const src = await openDelimitedSource(file(`n${n}.csv`, rows(n)), { blockRows: 256, chunkBytes: 1024 });
      let count = 0;
      for await (const b of src.blocks()) count += b.nRows;
      expect(count).toBe(n);
      peaks.push(src.counters.peakRowsHeld);
      expect(src.counters.peakTextChars).toBeLessThan(4 * 1024);
    }
    // 1 KiB chunks hold at most ~200 rows of these: the peak is one block plus one chunk, not N.
    expect(Math.max(...peaks)).toBeLessThanOrEqual(256 + 1024 / 4);
  });
});
