import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { CountDataset } from '../dataset.js';
import { loadMatrixMarket, parseMatrixMarket } from '../matrix-market.js';
import { matrixMarketSource, openMatrixMarketSource } from './matrix-market-source.js';
import { collectRows } from './row-source.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-mm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const densify = (c: CountDataset): Float64Array => {
  const out = new Float64Array(c.nRows * c.nCols);
  for (let i = 0; i < c.nRows; i++) for (let e = c.indptr[i]; e < c.indptr[i + 1]; e++) out[i * c.nCols + c.indices[e]] = c.data[e];
  return out;
};

const one = (text: string) =>
  async function* () {
    const b = Buffer.from(text);
    for (let i = 0; i < b.length; i += 7) yield b.subarray(i, i + 7);
  };

const mm = (entries: string[], size = '5 4 ' + entries.length, field = 'integer') =>
  `%%MatrixMarket matrix coordinate ${field} general\n% a comment\n${size}\n${entries.join('\n')}\n`;

async function errorOf(text: string): Promise<[string, string]> {
  let mem = 'no error';
  try {
    parseMatrixMarket(text, { source: 'm.mtx' });
  } catch (e) {
    mem = (e as Error).message;
  }
  let streamed = 'no error';
  try {
    await collectRows(await matrixMarketSource(one(text), 'm.mtx', { blockRows: 2 }));
  } catch (e) {
    streamed = (e as Error).message;
  }
  return [streamed, mem];
}

describe('streamed Matrix Market rows', () => {
  it('equal the in-memory loader’s (densified), empty rows and duplicates included, also gzipped', async () => {
    const text = mm(['1 1 3', '1 4 1', '1 1 2', '3 2 5', '5 4 7', '5 1 1']);
    const mem = parseMatrixMarket(text);
    const src = await matrixMarketSource(one(text), 'm.mtx', { blockRows: 2 });
    const got = await collectRows(src);
    expect(got.nRows).toBe(5);
    expect(got.values).toEqual(densify(mem));
    const sizes: number[] = [];
    for await (const b of src.blocks()) sizes.push(b.nRows);
    expect(sizes).toEqual([2, 2, 1]);
    const p = join(dir, 'm.mtx.gz');
    writeFileSync(p, gzipSync(text));
    expect((await collectRows(await openMatrixMarketSource(p))).values).toEqual(densify(await loadMatrixMarket(p)));
  });

  it('refuses entries out of row order in one line naming the line', async () => {
    const [streamed] = await errorOf(mm(['1 1 3', '3 2 5', '2 4 1']));
    expect(streamed).toBe(
      'm.mtx:6: entry of row 2 after an entry of row 3 (line 5): a streamed Matrix Market file must be sorted by row (e.g. sort -n -k1,1 -s on the entries, or load it in memory)',
    );
  });

  it('refuses the array format and says why', async () => {
    const [streamed] = await errorOf('%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n');
    expect(streamed).toMatch(/^m\.mtx:1: format 'array' cannot be streamed: it stores the matrix column by column/);
  });

  const cases: [string, string][] = [
    ['a row index out of range', mm(['1 1 3', '9 2 5'])],
    ['a column index out of range', mm(['1 1 3', '2 9 5'])],
    ['a non-integer count', mm(['1 1 3', '2 2 1.5'], undefined, 'real')],
    ['a bad number', mm(['1 1 3', '2 2 x'])],
    ['a short entry', mm(['1 1 3', '2 2'])],
    ['too many entries', mm(['1 1 3', '2 2 1'], '5 4 1')],
    ['too few entries', mm(['1 1 3'], '5 4 3')],
    ['a bad size line', mm(['1 1 3'], '5 x 1')],
    ['a bad banner', '%%MatrixMarket matrix coordinate complex general\n1 1 0\n'],
  ];
  for (const [what, text] of cases) {
    it(`gives the in-memory loader's error for ${what}`, async () => {
      const [streamed, mem] = await errorOf(text);
      expect(mem).not.toBe('no error');
      expect(streamed).toBe(mem);
    });
  }
});
