import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRecords, readCsvRecordsFrom } from './csv-records.js';
import { loadDenseCsv, parseDenseCsv } from './dense-csv.js';
import { readTextChunks } from './read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-csv-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Index of the first entry where `a` and `b` differ (or their lengths), else −1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

type Outcome = { records: [string[], number][]; error?: string };

function fromText(text: string, engine?: 'csv-parse'): Outcome {
  const records: [string[], number][] = [];
  try {
    readCsvRecords(text, ',', (f, l) => records.push([[...f], l]), { file: 'x.csv', engine });
  } catch (e) {
    return { records, error: (e as Error).message };
  }
  return { records };
}

async function fromPieces(pieces: string[], engine?: 'csv-parse'): Promise<Outcome> {
  const records: [string[], number][] = [];
  async function* gen(): AsyncGenerator<string> {
    yield* pieces;
  }
  try {
    await readCsvRecordsFrom(gen(), ',', (f, l) => records.push([[...f], l]), { file: 'x.csv', engine });
  } catch (e) {
    return { records, error: (e as Error).message };
  }
  return { records };
}

/** `text` cut at the given positions. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((a) => a % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

// Lines of every kind the scanner treats differently: plain, quoted as R writes, quoted with a delimiter or a line
// break inside (csv-parse from there on), blank, CRLF, and broken ones (an unclosed quote, a quote inside a field).
const line = fc.constantFrom('1,2,3', '4.5,-6e-3,7', '"a","b","c"', '"x,y",2,3', '"multi\nline",8,9', '', '\r', '10,11,12\r', '"open,1,2', 'a"b,1,2', 'NA,,3');

describe('readCsvRecordsFrom', () => {
  it('gives the records, line numbers and errors of readCsvRecords, wherever the text is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        async (bom, lines, finalBreak, at, csvParse) => {
          const text = (bom ? '\ufeff' : '') + lines.join('\n') + (finalBreak ? '\n' : '');
          const engine = csvParse ? 'csv-parse' : undefined;
          expect(await fromPieces(cut(text, at), engine)).toEqual(fromText(text, engine));
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });

  it('reads piece by piece: a record reaches the sink before the pieces after it are read', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i + 1}`);
    // The quoted line break on line 21 hands the rest to csv-parse's streaming parser, which must stream too.
    rows[20] = '"20\n",21';
    const pieces = cut(rows.join('\n') + '\n', [30, 60, 95, 130, 170, 220, 260]);
    let pulled = 0;
    async function* gen(): AsyncGenerator<string> {
      for (const p of pieces) {
        pulled++;
        yield p;
      }
    }
    const pulledAt: number[] = [];
    await readCsvRecordsFrom(gen(), ',', () => pulledAt.push(pulled), { file: 'x.csv' });
    expect(pulledAt).toHaveLength(40);
    expect(pulledAt[0]).toBe(1);
    expect(pulledAt.at(-1)).toBe(pieces.length);
    // Never more than one piece ahead of the record being read.
    const ends: number[] = [];
    let total = 0;
    for (const p of pieces) ends.push((total += p.length));
    const text = pieces.join('');
    let pos = 0;
    pulledAt.forEach((n, r) => {
      const end = text.indexOf('\n', r === 20 ? text.indexOf('\n', pos) + 1 : pos);
      const piece = ends.findIndex((e) => e > end) + 1;
      expect(n).toBeLessThanOrEqual(piece + 1);
      pos = end + 1;
    });
  });
});

describe('loadDenseCsv on a large file', () => {
  // 60,000 rows × 10 columns (about 11 MB of text, eleven 1 MiB pieces), as a plain and a gzip file.
  const n = 60_000;
  const d = 10;
  const values = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(i / 7));
  const rows: string[] = [Array.from({ length: d }, (_, j) => `c${j + 1}`).join(',')];
  for (let i = 0; i < n; i++) rows.push(Array.from(values.subarray(i * d, (i + 1) * d)).join(','));
  const text = rows.join('\n') + '\n';

  for (const gz of [false, true]) {
    it(`returns the cells as one Float64Array of exactly N·D numbers, read in pieces${gz ? ' (gzip)' : ''}`, async () => {
      const path = join(dir, gz ? 'big.csv.gz' : 'big.csv');
      writeFileSync(path, gz ? gzipSync(text) : text);
      let pieces = 0;
      let longest = 0;
      for await (const p of readTextChunks(path)) {
        pieces++;
        longest = Math.max(longest, p.length);
      }
      expect(pieces).toBeGreaterThan(8);
      expect(longest).toBeLessThanOrEqual(1 << 20);

      const ds = await loadDenseCsv(path);
      expect(ds.nRows).toBe(n);
      expect(ds.values).toBeInstanceOf(Float64Array);
      // One array holding the cells and nothing more (no spare capacity, no view into a larger buffer).
      expect(ds.values.byteOffset).toBe(0);
      expect(ds.values.buffer.byteLength).toBe(n * d * 8);
      // (a loop: deep equality of 600,000 numbers takes seconds)
      expect(firstDifference(ds.values, values)).toBe(-1);
      expect(ds.lines!.buffer.byteLength).toBe(n * 4);
      expect(ds.lines![n - 1]).toBe(n + 1);
      expect(firstDifference(parseDenseCsv(text).values, values)).toBe(-1);
    });
  }
});
