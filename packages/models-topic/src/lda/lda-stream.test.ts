import { collectRows, createRng, denseToCounts, openDelimitedSource, openMatrixMarketSource, type CountDataset } from '@latentkit/core';
import { loadSotuCounts } from '@latentkit/datasets';
import { cavi, onlineVi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import type { FittedLda } from './lda-fitted.js';

const registry = createRegistry().register(lda, cavi, onlineVi);

/** A count matrix as Matrix Market text, entries sorted by row. */
function matrixMarket(c: CountDataset): string {
  const lines = [`%%MatrixMarket matrix coordinate integer general`, `${c.nRows} ${c.nCols} ${c.data.length}`];
  for (let d = 0; d < c.nRows; d++) for (let q = c.indptr[d]; q < c.indptr[d + 1]; q++) lines.push(`${d + 1} ${c.indices[q] + 1} ${c.data[q]}`);
  return `${lines.join('\n')}\n`;
}

describe('streamed topic/lda (fit --stream)', () => {
  let dir: string;
  let mtx: string;
  let csv: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lda-stream-'));
    mtx = join(dir, 'sotu.mtx');
    writeFileSync(mtx, matrixMarket(await loadSotuCounts()));
    // 90 documents over 12 words, drawn from two topics.
    const rng = createRng(5);
    const rows = Array.from({ length: 90 }, (_, d) =>
      Array.from({ length: 12 }, (_, w) => (w < 6 === (d % 2 === 0) ? Math.floor(6 * rng.uniform()) : Math.floor(1.5 * rng.uniform()))),
    );
    csv = join(dir, 'docs.csv');
    writeFileSync(csv, [Array.from({ length: 12 }, (_, w) => `w${w + 1}`).join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('batch VB on a Matrix Market file read in blocks of 64 rows gives the in-memory fit’s bits (random E-step starts)', async () => {
    const source = await openMatrixMarketSource(mtx, { blockRows: 64 });
    const model = registry.create('topic/lda', { nComponents: 4, maxIter: 3, maxDocUpdateIter: 10 });
    const streamed = (await model.fitStream(source, { seed: 2, threads: 1 })) as FittedLda;
    const inMemory = (await model.fit(denseToCounts(await collectRows(source)), { seed: 2, threads: 2 })) as FittedLda;
    expect(streamed.topics.lambda).toEqual(inMemory.topics.lambda);
    expect(streamed.trace.map((t) => t.objective)).toEqual(inMemory.trace.map((t) => t.objective));
    expect(streamed.docsSeen).toBe(233);
    // Passes: the streamed fit's first (sizes and checks), one per sweep, the provenance's data hash; then collectRows.
    expect(source.counters.passes).toBe(1 + 3 + 1 + 1);
  });

  it('online VB on a CSV file takes minibatches across its blocks and gives the in-memory fit’s bits (random E-step starts)', async () => {
    const source = await openDelimitedSource(csv, { blockRows: 48 });
    const model = registry.create('topic/lda', { nComponents: 2, maxIter: 2, learningMethod: 'online', batchSize: 32 });
    const streamed = (await model.fitStream(source, { seed: 1 })) as FittedLda;
    const inMemory = (await model.fit(denseToCounts(await collectRows(source)), { seed: 1 })) as FittedLda;
    expect(streamed.topics.lambda).toEqual(inMemory.topics.lambda);
    expect(streamed.trace.map((t) => t.objective)).toEqual(inMemory.trace.map((t) => t.objective));
    expect(streamed.nBatchIter).toBe(1 + 2 * 3);
  });

  it('refuses a source whose blocks are not a multiple of 16 documents, and a cell that is not a count, in one line', async () => {
    const model = registry.create('topic/lda', { nComponents: 2, maxIter: 1 });
    await expect(model.fitStream(await openDelimitedSource(csv, { blockRows: 10 }))).rejects.toThrow(
      /^topic\/lda: a streamed fit reads blocks of a multiple of 16 documents \(the E-step's block\), got a source of 10$/,
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n3,0.5\n');
    await expect(model.fitStream(await openDelimitedSource(bad))).rejects.toThrow(
      /bad\.csv:3: column 'b' \(2\): expected a non-negative integer count, got 0\.5$/,
    );
  });
});
