import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../random/rng.js';
import { openDelimitedSource } from './delimited-source.js';
import { denseSource } from './row-source.js';
import { shuffledBatches, type ShuffledBatch } from './shuffle-buffer.js';
import type { DenseDataset } from '../dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-shuffle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const n = 1000;
const path = join(dir, 's.csv');
writeFileSync(path, ['a,b', ...Array.from({ length: n }, (_, i) => `${i},${-i / 4}`)].join('\n'));
const ds: DenseDataset = {
  kind: 'dense',
  nRows: n,
  nCols: 2,
  values: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : -(k - 1) / 8)),
  columns: ['a', 'b'],
};

async function collect(batches: AsyncIterable<ShuffledBatch>) {
  const sizes: number[] = [];
  const order: number[] = [];
  const lines: number[] = [];
  for await (const b of batches) {
    sizes.push(b.nRows);
    for (let r = 0; r < b.nRows; r++) {
      order.push(b.values[2 * r]);
      expect(b.values[2 * r + 1] === -b.values[2 * r] / 4).toBe(true);
    }
    if (b.lines) lines.push(...b.lines);
  }
  return { sizes, order, lines };
}

describe('seeded shuffle buffer', () => {
  it('hands on every row once per pass, in batches, the same order for the same seed over any block size', async () => {
    const a = await collect(shuffledBatches(denseSource(ds, { blockRows: 64 }), createRng(3), { batchRows: 128, bufferRows: 200 }));
    expect(a.sizes).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
    expect([...a.order].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (const blockRows of [1, 333]) {
      const file = await collect(shuffledBatches(await openDelimitedSource(path, { blockRows }), createRng(3), { batchRows: 128, bufferRows: 200 }));
      expect(file.order).toEqual(a.order);
      // Lines follow their rows (line 1 is the header).
      expect(file.lines).toEqual(a.order.map((i) => i + 2));
    }
    const other = await collect(shuffledBatches(denseSource(ds), createRng(4), { batchRows: 128, bufferRows: 200 }));
    expect(other.order).not.toEqual(a.order);
  });

  it('mixes rows only within a window of about the buffer size (approximate shuffling)', async () => {
    const { order } = await collect(shuffledBatches(denseSource(ds), createRng(3), { batchRows: 10, bufferRows: 50 }));
    // Row i is handed on once the buffer is full and has not yet been taken: never before it arrives.
    order.forEach((row, k) => expect(row).toBeLessThanOrEqual(k + 50));
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });

  it('with a buffer of all rows hands them on in the in-memory permutation of the same generator', async () => {
    const expected = Array.from(createRng(9).permutation(n));
    for (const bufferRows of [n, 5 * n]) {
      const { order } = await collect(shuffledBatches(denseSource(ds, { blockRows: 77 }), createRng(9), { batchRows: 100, bufferRows }));
      expect(order).toEqual(expected);
    }
    const smaller = await collect(shuffledBatches(denseSource(ds), createRng(9), { batchRows: 100, bufferRows: n - 1 }));
    expect(smaller.order).not.toEqual(expected);
  });

  it('refuses a batch or buffer size that is not a positive integer, naming it', async () => {
    await expect(collect(shuffledBatches(denseSource(ds), createRng(1), { batchRows: 0, bufferRows: 10 }))).rejects.toThrow(
      'shuffledBatches: batchRows must be a positive integer, got 0',
    );
    await expect(collect(shuffledBatches(denseSource(ds), createRng(1), { batchRows: 5, bufferRows: 2.5 }))).rejects.toThrow('bufferRows must be');
  });
});
