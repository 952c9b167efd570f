import { parquetWriteFile } from 'hyparquet-writer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openRowSource } from './open-row-source.js';
import { collectRows } from './row-source.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openRowSource picks the reader by file name', () => {
  it('reads the same rows from .csv.gz, .tsv, .mtx and .parquet', async () => {
    const rows = [
      [1, 0],
      [0, 2],
      [3, 4],
    ];
    const files = {
      'd.csv.gz': gzipSync(`a,b\n${rows.map((r) => r.join(',')).join('\n')}\n`),
      'd.tsv': `a\tb\n${rows.map((r) => r.join('\t')).join('\n')}\n`,
      'd.mtx': '%%MatrixMarket matrix coordinate integer general\n3 2 4\n1 1 1\n2 2 2\n3 1 3\n3 2 4\n',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    parquetWriteFile({
      filename: join(dir, 'd.parquet'),
      columnData: [
        { name: 'a', data: rows.map((r) => r[0]), type: 'INT32' },
        { name: 'b', data: rows.map((r) => r[1]), type: 'DOUBLE' },
      ],
    });
    for (const name of [...Object.keys(files), 'd.parquet']) {
      const got = await collectRows(await openRowSource(join(dir, name)));
      expect({ name, values: Array.from(got.values) }).toEqual({ name, values: rows.flat() });
    }
  });
});
