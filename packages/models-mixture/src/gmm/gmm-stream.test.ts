import { createRng, denseSource, initBackend, loadDenseCsv, observeRows, openDelimitedSource } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { THREE_MEANS_3D, toyMixtureData } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseRows } from '../test-support/robustness-data.js';
import { gmm } from './gaussian-mixture.js';
import type { FittedGmm } from './gmm-fitted.js';
import { Float64Refine, refineInFloat64 } from './gmm-refine.js';
import type { GmmStats } from './gmm-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-gmm-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 20,000 rows: two full E-step blocks of 8,192 rows and a short one.
const data = toyMixtureData({ nRows: 20_000, seed: 7, means: THREE_MEANS_3D });
const path = join(dir, 'mix.csv');
const rows: string[] = [data.columns.join(',')];
for (let i = 0; i < data.nRows; i++) rows.push(Array.from(data.values.subarray(i * data.nCols, (i + 1) * data.nCols), String).join(','));
writeFileSync(path, `${rows.join('\n')}\n`);

const registry = createRegistry().register(gmm, em);
const params = { nComponents: 3, tol: 0, maxIter: 6, initSample: 3000 };

describe('mixture/gmm streamed (exact batch EM over a file)', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('writes a checkpoint of a streamed fit and resumes from it to the uninterrupted fit, bit for bit', async () => {
    const whole = (await registry.create('mixture/gmm', params).fitStream(await openDelimitedSource(path), { seed: 3 })) as unknown as FittedGmm;
    const ckpt = join(dir, 'stream.ckpt.json');
    // Stopped after 2 of the 6 iterations (FitOptions.maxIter: the engine's budget, which a resume may extend).
    const first = (await registry
      .create('mixture/gmm', params)
      .fitStream(await openDelimitedSource(path), { seed: 3, maxIter: 2, checkpoint: { path: ckpt } })) as unknown as FittedGmm;
    expect(first.info.iterations).toBe(2);
    const src = await openDelimitedSource(path);
    const resumed = (await registry.create('mixture/gmm', params).fitStream(src, { seed: 3, resumeFrom: ckpt })) as unknown as FittedGmm;
    expect(resumed.info.trace.map((e) => e.objective)).toEqual(whole.info.trace.map((e) => e.objective));
    expect(resumed.state.means).toEqual(whole.state.means);
    expect(resumed.state.covariances).toEqual(whole.state.covariances);
    // The data hash of the checkpoint's identity serves the provenance too: 7 passes here (observed), 8 when the
    // provenance hashed the file again.
    expect(src.counters.passes).toBeLessThanOrEqual(7);
    expect(resumed.info.provenance?.dataHash).toBe(whole.info.provenance?.dataHash);
    await expect(
      registry.create('mixture/gmm', { ...params, nComponents: 2 }).fitStream(await openDelimitedSource(path), { seed: 3, resumeFrom: ckpt }),
    ).rejects.toThrow(/hyperparameter nComponents is 3 there and 2 here/);
    for (const f of [whole, first, resumed]) f.dispose();
  });

  it('gives the in-memory fit to the bit from the same sampled initialisation: every log-likelihood and parameter', async () => {
    const before = tf.memory().numTensors;
    const mem = (await registry.create('mixture/gmm', params).fit(await loadDenseCsv(path), { seed: 3 })) as unknown as FittedGmm;
    const src = await openDelimitedSource(path, { chunkBytes: 10_000 });
    const streamed = (await registry.create('mixture/gmm', params).fitStream(src, { seed: 3 })) as unknown as FittedGmm;
    expect(streamed.info.trace.map((e) => e.objective)).toEqual(mem.info.trace.map((e) => e.objective));
    expect(streamed.state.means).toEqual(mem.state.means);
    expect(streamed.state.covariances).toEqual(mem.state.covariances);
    expect(streamed.state.weights).toEqual(mem.state.weights);
    // prepare (1 pass) + one pass per iteration + the data hash; the fitted model records the shape and hash.
    expect(src.counters.passes).toBe(1 + params.maxIter + 1);
    expect(streamed.info.data.nRows).toBe(20_000);
    expect(streamed.info.provenance?.dataHash).toBe(mem.info.provenance?.dataHash);
    mem.dispose();
    streamed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the in-memory fit from the same initial parameters (warm start), with restarts drawing their own samples', async () => {
    const ds = await loadDenseCsv(path);
    const start = {
      weightsInit: [0.3, 0.3, 0.4],
      meansInit: [
        [-1, 0, 0],
        [1, 1, 0],
        [0, 3, 0],
      ],
      covariancesInit: Array.from({ length: 3 }, () => [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    };
    const warm = { ...params, ...start, warmStart: true };
    const mem = (await registry.create('mixture/gmm', warm).fit(ds, { seed: 0 })) as unknown as FittedGmm;
    const streamed = (await registry.create('mixture/gmm', warm).fitStream(await openDelimitedSource(path), { seed: 0 })) as unknown as FittedGmm;
    const a = mem.info.trace.at(-1)!.objective;
    const b = streamed.info.trace.at(-1)!.objective;
    expect(Math.abs(a - b) / Math.abs(a)).toBeLessThanOrEqual(1e-6);
    expect(b).toBe(a);
    const r = { ...params, nInit: 2 };
    const m2 = (await registry.create('mixture/gmm', r).fit(ds, { seed: 9 })) as unknown as FittedGmm;
    const s2 = (await registry.create('mixture/gmm', r).fitStream(denseSource(ds, { blockRows: 8192 }), { seed: 9 })) as unknown as FittedGmm;
    expect(s2.info.trace.map((e) => e.objective)).toEqual(m2.info.trace.map((e) => e.objective));
    for (const f of [mem, streamed, m2, s2]) f.dispose();
  });

  it('refuses missing cells and sources of another block size in one line', async () => {
    const ds = await loadDenseCsv(path);
    const holed = { ...ds, values: ds.values.slice(), lines: undefined };
    holed.values[5] = NaN;
    await expect(registry.create('mixture/gmm', params).fitStream(denseSource(holed), { seed: 0 })).rejects.toThrow(
      "mixture/gmm: mix.csv row 2, column 'x3' is NaN; a streamed fit needs complete rows of finite numbers (fit missing values in memory)".replace(
        'mix.csv',
        path,
      ),
    );
    await expect(registry.create('mixture/gmm', params).fitStream(denseSource(ds, { blockRows: 100 }))).rejects.toThrow(
      /reads blocks of a multiple of 1024 rows/,
    );
  });
});

describe('mixture/gmm streamed on data whose components degenerate (the float64 recomputation passes)', () => {
  beforeAll(async () => {
    await initBackend();
  });
  const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/gmm-robustness.json', import.meta.url)), 'utf8'));

  for (const name of ['duplicated', 'collinear']) {
    it(`${name}: the same fit as in memory to the bit, the recomputed components in two more passes per E-step`, async () => {
      const ds = denseRows(fixture.cases[name].data, name);
      const p = { nComponents: fixture.cases[name].meansInit.length, meansInit: fixture.cases[name].meansInit, tol: 0, maxIter: 5, regCovar: 1e-6 };
      // With meansInit the start has no randomness, and a sample of at least N rows is every row in order.
      const mem = (await registry.create('mixture/gmm', p).fit(ds)) as unknown as FittedGmm;
      let passes = 0;
      const src = observeRows(denseSource(ds), ({ block }) => void (block.start === 0 && passes++));
      const streamed = (await registry.create('mixture/gmm', p).fitStream(src)) as unknown as FittedGmm;
      expect(streamed.trace.map((e) => e.objective)).toEqual(mem.trace.map((e) => e.objective));
      expect(streamed.state.covariances).toEqual(mem.state.covariances);
      // prepare + 5 E-steps + the hash, and the recomputation's passes on top.
      if (name === 'duplicated') expect(passes).toBeGreaterThan(1 + 5 + 1);
      mem.dispose();
      streamed.dispose();
    });
  }
});

describe('Float64Refine (the float64 recomputation in blocks)', () => {
  it('gives refineInFloat64 to the bit whatever the blocks', () => {
    const rng = createRng(1);
    const k = 3;
    const d = 4;
    const n = 1000;
    const values = rng.fillUniform(new Float64Array(n * d)).map((v) => 100 + v);
    const resp = rng.fillUniform(new Float32Array(n * k));
    const stats: GmmStats = {
      k,
      d,
      nk: new Float64Array(k).fill(1),
      shift: new Float64Array(k * d),
      basis: null,
      m1: new Float64Array(k * d).fill(2),
      m2: new Float64Array(k * d * d).fill(3),
      n,
    };
    const whole = refineInFloat64(stats, [0, 2], resp, values, null);
    const refine = new Float64Refine(stats, [0, 2]);
    const cuts = [0, 13, 400, 999, 1000];
    for (const pass of ['addMeans', 'addScatter'] as const) {
      for (let c = 0; c + 1 < cuts.length; c++) {
        refine[pass](resp.subarray(cuts[c] * k, cuts[c + 1] * k), values.subarray(cuts[c] * d, cuts[c + 1] * d), null);
      }
    }
    const blocks = refine.result();
    for (const key of ['nk', 'shift', 'm1', 'm2'] as const) expect(blocks[key]).toEqual(whole[key]);
  });
});
