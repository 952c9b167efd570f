import { parquetWriteFile } from 'hyparquet-writer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MissingValueError } from '../data-error.js';
import { loadDenseCsv } from '../dense-csv.js';
import { openParquetSource } from './parquet-source.js';
import { collectRows } from './row-source.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 2500;
const a = Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
const b = Array.from({ length: n }, (_, i) => i - 700);
const name = Array.from({ length: n }, (_, i) => `r${i}`);
const path = join(dir, 'd.parquet');
parquetWriteFile({
  filename: path,
  columnData: [
    { name: 'a', data: a, type: 'DOUBLE' },
    { name: 'b', data: b, type: 'INT32' },
    { name: 'name', data: name, type: 'STRING' },
  ],
  rowGroupSize: 1000,
});
const csv = join(dir, 'd.csv');
writeFileSync(csv, ['a,b', ...a.map((v, i) => `${v},${b[i]}`)].join('\n'));

describe('streamed Parquet (hyparquet, one row group at a time)', () => {
  it('gives the rows of the same data read from CSV, in fixed blocks across row groups', async () => {
    const src = await openParquetSource(path, { blockRows: 700 });
    expect(src.columns).toEqual(['a', 'b']);
    expect(src.rowGroups).toEqual([1000, 1000, 500]);
    const got = await collectRows(src);
    expect(got.values).toEqual((await loadDenseCsv(csv)).values);
    const sizes: number[] = [];
    for await (const blk of src.blocks()) sizes.push(blk.nRows);
    expect(sizes).toEqual([700, 700, 700, 400]);
    // At most one row group and one partial block of rows held.
    expect(src.counters.peakRowsHeld).toBeLessThanOrEqual(1000 + 700);
  });

  it('reads chosen columns in order, and refuses a text column or an unknown one in one line', async () => {
    const src = await openParquetSource(path, { columns: ['b'] });
    expect(Array.from((await collectRows(src)).values.subarray(0, 3))).toEqual([-700, -699, -698]);
    await expect(openParquetSource(path, { columns: ['name'] })).rejects.toThrow(
      `${path}: column 'name' has Parquet type BYTE_ARRAY, expected a number (INT32, INT64, FLOAT, DOUBLE or BOOLEAN); choose the features with columns`,
    );
    await expect(openParquetSource(path, { columns: ['zz'] })).rejects.toThrow(`${path}: unknown feature column 'zz'; available columns: a, b, name`);
  });

  it('rejects a null cell naming the row and column, or reads it as NaN with missing: nan', async () => {
    const holed = join(dir, 'holes.parquet');
    parquetWriteFile({ filename: holed, columnData: [{ name: 'x', data: [1, 2, null, 4], type: 'DOUBLE' }] });
    const err = await openParquetSource(holed)
      .then(collectRows)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingValueError);
    expect((err as Error).message).toBe(`${holed}: row 3, column 'x' (1): missing value (null); pass missing: 'nan' to keep missing values as NaN`);
    expect(Array.from((await collectRows(await openParquetSource(holed, { missing: 'nan' }))).values)).toEqual([1, 2, NaN, 4]);
  });

  it('says in one line that a file is not Parquet', async () => {
    await expect(openParquetSource(csv)).rejects.toThrow(new RegExp(`^${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the file as Parquet`));
  });
});
