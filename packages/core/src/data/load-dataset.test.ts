import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { dataFileExtension, dataFileKind, loadDataset } from './load-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadDataset', () => {
  it('chooses the loader by extension', async () => {
    expect((await loadDataset(write('a.csv', 'a,b\n1,2\n'))).kind).toBe('dense');
    expect((await loadDataset(write('a.TSV', 'a\tb\n1\t2\n'))).nCols).toBe(2);
    expect((await loadDataset(write('a.txt', 'a b\n1 2\n'))).nCols).toBe(2);
    expect((await loadDataset(write('a.json', '[[1, 2]]'))).kind).toBe('dense');
    expect((await loadDataset(write('a.mtx', '%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 3\n'))).kind).toBe('counts');
  });

  it('rejects unknown extensions and options that do not apply to the format', async () => {
    const x = join(dir, 'data.xlsx');
    await expect(loadDataset(x)).rejects.toThrow(
      new DataError("unknown data file extension '.xlsx'; expected .csv, .tsv, .tab, .txt, .mtx, .json, each optionally followed by .gz", { file: x }),
    );
    const m = write('b.mtx', '%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 3\n');
    await expect(loadDataset(m, { label: 'y' })).rejects.toThrow(`${m}: option 'label' does not apply to .mtx files`);
    await expect(loadDataset(m, { group: 'g' })).rejects.toThrow(`${m}: option 'group' does not apply to .mtx files`);
    const c = write('b.csv', 'a\n1\n');
    await expect(loadDataset(c, { vocabulary: 'v.txt' })).rejects.toThrow(`${c}: option 'vocabulary' does not apply to .csv files`);
  });

  it('looks through a final .gz for the format, and decompresses every format', async () => {
    expect(['a.CSV.gz', 'b.tsv.GZ', 'c.mtx.gz', 'd.json.gz', 'e.gz', 'dir.csv/f'].map(dataFileExtension)).toEqual(['.csv', '.tsv', '.mtx', '.json', '', '']);
    expect(dataFileKind('x.tab.gz')).toBe('csv');
    expect(dataFileKind('x.xlsx.gz')).toBeUndefined();
    const csv = await loadDataset(write('g.csv.gz', gzipSync('a,b\n1,2\n3,4\n')), { label: 'b' });
    expect(csv).toMatchObject({ kind: 'dense', nRows: 2, columns: ['a'], labels: [2, 4] });
    expect((await loadDataset(write('g.mtx.gz', gzipSync('%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 3\n')))).kind).toBe('counts');
    expect((await loadDataset(write('g.json.gz', gzipSync('[[1, 2]]')))).nCols).toBe(2);
    const bad = join(dir, 'x.gz');
    await expect(loadDataset(bad)).rejects.toThrow(
      `${bad}: no data file extension before '.gz'; expected .csv, .tsv, .tab, .txt, .mtx, .json, each optionally followed by .gz`,
    );
  });
});
