import { initBackend, type DenseDataset } from '@latentkit/core';
import { THREE_MEANS_3D, toyMixtureData } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockEStep, disposePlan, planEStep, uploadPlan, type BlockEStep } from './gmm-block-estep.js';
import { disposeGmmData, prepareGmmData, type GmmData } from './gmm-data.js';
import { alignedRowBlocks } from './gmm-row-blocks.js';
import { ROW_BLOCK } from './gmm-stats.js';

/** Whole-data rows [first + start, first + start + size) of each block. */
const global = (n: number, first: number, block: number) => alignedRowBlocks(n, first, block).map((s) => [first + s.start, first + s.start + s.size]);

describe('alignedRowBlocks (row blocks of a shard on the whole data grid)', () => {
  it('cuts a shard starting at row 5000 into [5000, 8192), [8192, 16384), [16384, end)', () => {
    expect(global(15_000, 5000, 8192)).toEqual([
      [5000, 8192],
      [8192, 16_384],
      [16_384, 20_000],
    ]);
    expect(alignedRowBlocks(15_000, 5000, 8192)).toEqual([
      { start: 0, size: 3192 },
      { start: 3192, size: 8192 },
      { start: 11_384, size: 3616 },
    ]);
  });

  it('gives the consecutive blocks of the whole data from row 0 or any grid row, and one piece inside a block', () => {
    expect(global(20_000, 0, 8192)).toEqual([
      [0, 8192],
      [8192, 16_384],
      [16_384, 20_000],
    ]);
    expect(global(8192, 16_384, 8192)).toEqual([[16_384, 24_576]]);
    expect(global(100, 8200, 8192)).toEqual([[8200, 8300]]);
    expect(global(0, 5000, 8192)).toEqual([]);
    // The E-step's own grid.
    expect(ROW_BLOCK).toBe(1024);
    expect(global(3000, 5000, ROW_BLOCK)).toEqual([
      [5000, 5120],
      [5120, 6144],
      [6144, 7168],
      [7168, 8000],
    ]);
  });

  it('rejects a row count, first row or block size that is not a whole number in one line naming it', () => {
    expect(() => alignedRowBlocks(-1, 0, 8)).toThrow('alignedRowBlocks: n must be an integer ≥ 0, got -1');
    expect(() => alignedRowBlocks(10, 2.5, 8)).toThrow('alignedRowBlocks: first must be an integer ≥ 0, got 2.5');
    expect(() => alignedRowBlocks(10, 0, 0)).toThrow('alignedRowBlocks: block must be an integer ≥ 1, got 0');
  });
});

describe('a block cut at a shard boundary', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('sums in two parts (float32 sums added in float64) to the whole block to 1e-6 relative', () => {
    // Rows [4096, 5120) of data cut at row 5000: the block of the whole data, and the parts two shards hold.
    const data = toyMixtureData({ nRows: ROW_BLOCK, seed: 11, means: THREE_MEANS_3D });
    const d = data.nCols;
    const rows = (start: number, end: number): DenseDataset => ({ ...data, nRows: end - start, values: data.values.slice(start * d, end * d) });
    const whole = prepareGmmData(data);
    const parts = [prepareGmmData(rows(0, 904), whole.center, { firstRow: 4096 }), prepareGmmData(rows(904, ROW_BLOCK), whole.center, { firstRow: 5000 })];
    expect([whole, ...parts].map((g) => g.blocks.map((b) => b.shape[0]))).toEqual([[1024], [904], [120]]);
    // The components the data were drawn from (unit covariances), so that responsibilities are neither all 0 nor all 1.
    const k = THREE_MEANS_3D.length;
    const covariances = new Float64Array(k * d * d);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) covariances[c * d * d + j * d + j] = 1;
    const state = { k, d, means: Float64Array.from(THREE_MEANS_3D.flat()), covariances };
    const { plan } = planEStep(state, whole.center, new Float64Array(k).fill(Math.log(1 / k)));
    const uploaded = uploadPlan(plan);
    const run = (g: GmmData): BlockEStep => {
      const b = blockEStep(uploaded, { xOne: g.blocks[0], xOneT: g.blocksT[0], values: g.values, rows: null, start: 0 });
      b.resp.dispose();
      return b;
    };
    const one = run(whole);
    const [a, b] = [run(parts[0]), run(parts[1])];
    disposePlan(uploaded);
    for (const g of [whole, ...parts]) disposeGmmData(g);
    const rel = (x: ArrayLike<number>, y: ArrayLike<number>) => Math.hypot(...Array.from(x, (v, i) => v - y[i])) / Math.hypot(...Array.from(y));
    const sum = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x, (v, i) => v + y[i]);
    // The float32 sums of 904 and 120 rows against those of 1024 rows differ by the rounding of both: of order
    // √1024·u ≈ 2e-6 relative to the block's sums (γ_1024 = 6.1e-5 in the worst case). Measured (2026-12-08), norm-wise:
    // N_k 3.8e-7, [G | F | H] 1.8e-7, Σ log p(x_i) 3.7e-7; bound 1e-6. Over a fit this block is 1 of N/1024, so the
    // parameters move far less (gmm-shard.test.ts: 5.8e-8 at most over 20,000 rows and two such blocks).
    expect(rel(sum(a.nk, b.nk), one.nk)).toBeLessThan(1e-6);
    expect(rel(sum(a.gfh, b.gfh), one.gfh)).toBeLessThan(1e-6);
    expect(Math.abs((a.logLik + b.logLik) / one.logLik - 1)).toBeLessThan(1e-6);
    // The parts are not the whole block's bits: the test above would pass for any split if both sides were float64.
    expect(sum(a.gfh, b.gfh)).not.toEqual(Array.from(one.gfh));
    expect(tf.memory().numTensors).toBe(0);
  });
});
