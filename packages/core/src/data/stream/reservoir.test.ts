import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../random/rng.js';
import { dataHash } from '../data-hash.js';
import { loadDenseCsv } from '../dense-csv.js';
import { openDelimitedSource } from './delimited-source.js';
import { reservoirSample, reservoirSampleRows } from './reservoir.js';
import { denseSource } from './row-source.js';
import { streamDataHash } from './stream-hash.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-res-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'r.csv');
writeFileSync(path, ['a,b', ...Array.from({ length: 3000 }, (_, i) => `${i},${-i / 3}`)].join('\n'));

describe('seeded reservoir sample', () => {
  it('gives the same rows over a streamed file (any block size) and over the dataset in memory', async () => {
    const ds = await loadDenseCsv(path);
    const mem = reservoirSampleRows(ds, 100, createRng(5));
    for (const blockRows of [1, 77, 8192]) {
      const streamed = await reservoirSample(await openDelimitedSource(path, { blockRows, chunkBytes: 999 }), 100, createRng(5));
      expect(streamed.values).toEqual(mem.values);
      expect(streamed.lines).toEqual(mem.lines);
    }
    expect(mem.nRows).toBe(100);
    // Another seed, another sample; every sampled row is a row of the data.
    const other = reservoirSampleRows(ds, 100, createRng(6));
    expect(other.values).not.toEqual(mem.values);
    for (let i = 0; i < 100; i++) expect(mem.values[2 * i + 1]).toBeCloseTo(-mem.values[2 * i] / 3, 12);
  });

  it('keeps every row when there are fewer than asked, and is uniform (each row kept with probability size/N)', async () => {
    const small = { kind: 'dense' as const, nRows: 5, nCols: 1, values: Float64Array.of(1, 2, 3, 4, 5), columns: ['x'] };
    expect(Array.from(reservoirSampleRows(small, 10, createRng(0)).values)).toEqual([1, 2, 3, 4, 5]);
    const n = 20;
    const ds = { kind: 'dense' as const, nRows: n, nCols: 1, values: Float64Array.from({ length: n }, (_, i) => i), columns: ['x'] };
    const hits = new Float64Array(n);
    const runs = 4000;
    const rng = createRng(1);
    for (let r = 0; r < runs; r++) for (const v of reservoirSampleRows(ds, 5, rng.split(1)[0]).values) hits[v]++;
    // Expected 1000 each (5/20 of 4000); binomial sd ≈ 27: 6 sd.
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(165);
  });

  it('streamDataHash equals dataHash of the same rows in memory', async () => {
    const ds = await loadDenseCsv(path);
    expect(await streamDataHash(await openDelimitedSource(path, { blockRows: 100 }))).toBe(dataHash(ds));
    expect(await streamDataHash(denseSource(ds))).toBe(dataHash(ds));
  });
});
