import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, MissingValueError } from './data-error.js';
import { loadJsonMatrix } from './json-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function messageOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadJsonMatrix', () => {
  it('reads an array of rows with columns x1..xD', async () => {
    const ds = await loadJsonMatrix(write('rows.json', '[[1, 2.5], [3, -4]]'));
    expect(ds.columns).toEqual(['x1', 'x2']);
    expect(Array.from(ds.values)).toEqual([1, 2.5, 3, -4]);
  });

  it('reads the object form with columns, labels, split and row names', async () => {
    const doc = {
      columns: ['a', 'b'],
      data: [
        [1, 2],
        [3, 4],
      ],
      labels: ['x', 'y'],
      split: ['train', 'test'],
      rowNames: ['r1', 'r2'],
    };
    const ds = await loadJsonMatrix(write('obj.json', JSON.stringify(doc)));
    expect(ds.columns).toEqual(['a', 'b']);
    expect(ds.labels).toEqual(['x', 'y']);
    expect(ds.split).toEqual(['train', 'test']);
    expect(ds.rowNames).toEqual(['r1', 'r2']);
  });

  it('treats null as missing only when allowed', async () => {
    const p = write('null.json', '{"columns": ["a", "b"], "data": [[1, 2], [null, 4]]}');
    expect(await messageOf(() => loadJsonMatrix(p))).toBe(
      `${p}: row 2, column 'a' (1): missing value (null); pass missing: 'nan' to keep missing values as NaN`,
    );
    expect(await loadJsonMatrix(p).catch((e: unknown) => e)).toBeInstanceOf(MissingValueError);
    expect(Array.from((await loadJsonMatrix(p, { missing: 'nan' })).values)).toEqual([1, 2, NaN, 4]);
  });

  it('names row and column of a non-number and of a ragged row', async () => {
    const p = write('str.json', '{"columns": ["eruptions", "waiting"], "data": [[1, 2], [3, "abc"]]}');
    expect(await messageOf(() => loadJsonMatrix(p))).toBe(`${p}: row 2, column 'waiting' (2): expected a number, got "\\"abc\\""`);
    const r = write('ragged.json', '[[1, 2, 3], [4, 5]]');
    expect(await messageOf(() => loadJsonMatrix(r))).toBe(`${r}: row 2: expected 3 values like the first row, got 2`);
  });

  it('reports the line of a JSON syntax error and rejects other shapes', async () => {
    const p = write('bad.json', '{\n  "data": [\n    [1, 2],\n    [3, 4,]\n  ]\n}');
    const msg = await messageOf(() => loadJsonMatrix(p));
    expect(msg.startsWith(`${p}:4: invalid JSON:`)).toBe(true);
    const q = write('bad2.json', '{"data": [[1, 2],\n [3, 4]],\n "labels": ["a" "b"]}');
    expect((await messageOf(() => loadJsonMatrix(q))).startsWith(`${q}:3: invalid JSON:`)).toBe(true);
    const o = write('other.json', '{"rows": [[1]]}');
    expect(await messageOf(() => loadJsonMatrix(o))).toBe(`${o}: expected a JSON array of rows (number[][]) or an object {"columns", "data", "labels"?}`);
    const e = write('empty.json', '[]');
    expect(await messageOf(() => loadJsonMatrix(e))).toBe(`${e}: no data rows`);
    const l = write('labels.json', '{"data": [[1]], "labels": [1, 2]}');
    expect(await messageOf(() => loadJsonMatrix(l))).toBe(`${l}: "labels" must be an array with one entry per row (1)`);
  });
});
