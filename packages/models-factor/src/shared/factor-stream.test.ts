import { denseSource, initBackend, loadDenseCsv, openDelimitedSource, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type Fitted } from '@latentkit/registry';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fa } from '../fa/factor-analysis.js';
import { ppca } from '../ppca/probabilistic-pca.js';
import { toyFactorData } from '../test-support/toy-factor-data.js';
import { columnMoments } from './column-moments.js';
import type { LinearGaussian } from './linear-gaussian.js';
import { streamMoments } from './stream-moments.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-factor-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = createRegistry().register(fa, ppca, em);
// Shifted far from 0 so that a one-pass E[xxᵀ] − μμᵀ would lose every digit; 12,000 rows: several blocks.
const base = toyFactorData({ nRows: 12_000, nCols: 6, nFactors: 2, seed: 5 });
const data: DenseDataset = { ...base, values: base.values.map((v, i) => v + 1e6 * ((i % 6) + 1)) };
const path = join(dir, 'factors.csv');
const lines = [data.columns.join(',')];
for (let i = 0; i < data.nRows; i++) lines.push(Array.from(data.values.subarray(i * 6, (i + 1) * 6), String).join(','));
writeFileSync(path, `${lines.join('\n')}\n`);

/** Largest |a − b| / max|b| over the entries. */
const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
};

// The tolerance: streamed and in-memory moments differ only in the order of float64 sums (see streamMoments).
// Measured on this data: covariance 1.9e-15, log-likelihoods ≤ 1.4e-15, loadings ≤ 2.0e-14, noise ≤ 8.7e-14 relative.
const TOL = 1e-11;

describe('factor/fa and factor/ppca streamed', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('streamMoments equals columnMoments to floating-point tolerance, also for data shifted by 1e6', async () => {
    const mem = columnMoments(data.values, data.nRows, data.nCols);
    const streamed = await streamMoments(await openDelimitedSource(path, { blockRows: 1000 }), 'test');
    expect(streamed.n).toBe(mem.n);
    expect(relDiff(streamed.mean, mem.mean)).toBeLessThan(1e-15);
    expect(relDiff(streamed.cov, mem.cov)).toBeLessThan(TOL);
  });

  for (const [key, params] of [
    ['factor/fa', { nComponents: 2 }],
    ['factor/fa', { nComponents: 2, method: 'em', maxIter: 30, tol: 0 }],
    ['factor/ppca', { nComponents: 2 }],
  ] as const) {
    it(`${key} ${JSON.stringify(params)}: the same fit as in memory (log-likelihood and loadings to ${TOL} relative)`, async () => {
      const mem = (await registry.create(key, params).fit(await loadDenseCsv(path), { seed: 1 })) as Fitted<unknown> & { state: LinearGaussian };
      const streamed = (await registry.create(key, params).fitStream(await openDelimitedSource(path), { seed: 1 })) as Fitted<unknown> & {
        state: LinearGaussian;
      };
      const a = mem.trace.map((e) => e.objective);
      const b = streamed.trace.map((e) => e.objective);
      expect(b.length).toBe(a.length);
      expect(relDiff(b, a)).toBeLessThan(TOL);
      expect(relDiff(streamed.state.loadings, mem.state.loadings)).toBeLessThan(TOL);
      expect(relDiff(streamed.state.noise, mem.state.noise)).toBeLessThan(TOL);
      expect(relDiff([streamed.score(data) as number], [mem.score(data) as number])).toBeLessThan(TOL);
    });
  }

  it('says in one line why a model cannot stream (PPCA by EM reads the rows every iteration)', async () => {
    await expect(registry.create('factor/ppca', { nComponents: 2, method: 'em' }).fitStream(denseSource(data))).rejects.toThrow(
      'factor/ppca cannot be fitted to streamed data (--stream): with these settings it has no streamed em terms; fit it in memory',
    );
  });
});
