import { dataHash } from '@latentkit/core';
import { cavi, onlineVi } from '@latentkit/inference';
import { createRegistry, type HeatmapView, type TopTermsView } from '@latentkit/registry';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lda } from './latent-dirichlet-allocation.js';
import type { FittedLda } from './lda-fitted.js';
import { countsFromRows } from '../test-support/counts-from-rows.js';

const registry = createRegistry().register(lda, cavi, onlineVi);
const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/fixtures/v1/${name}`, import.meta.url)), 'utf8'));
const expected = fixture('lda.expected.json') as { rows: number[][]; columns: string[]; score: number; transform: number[] };

const data = countsFromRows(expected.rows, expected.columns);

describe('saved LDA models and views', () => {
  it('loads the format-1 file written by latentkit 741261d to the score and transform it had', () => {
    const saved = fixture('lda.json');
    expect(saved.formatVersion).toBe(1);
    const loaded = registry.load(saved, 'lda.json') as unknown as FittedLda;
    expect(loaded.score(data)).toBeCloseTo(expected.score, 12);
    Array.from(loaded.transform(data).values).forEach((z, i) => expect(z).toBeCloseTo(expected.transform[i], 10));
    expect(loaded.docsSeen).toBe(saved.data.nRows);
    expect(loaded.meanDocLength).toBe(saved.state.meanDocLength);
  });

  it('saves format 2 with provenance and engine parameters, and loads back to the same scores', async () => {
    const fitted = (await registry.create('topic/lda', { nComponents: 2, maxIter: 4 }).fit(data, { seed: 2 })) as unknown as FittedLda;
    const saved = fitted.toJSON();
    expect(saved.formatVersion).toBe(2);
    expect(saved.provenance?.dataHash).toBe(dataHash(data));
    expect(saved.fit.engineParams).toMatchObject({ maxIter: 4 });
    const loaded = registry.load(JSON.parse(JSON.stringify(saved))) as unknown as FittedLda;
    expect(loaded.scores(data)).toEqual(fitted.scores(data));
    expect(loaded.nBatchIter).toBe(fitted.nBatchIter);
    expect(loaded.toJSON()).toEqual(saved);
  });

  it('views: top terms sorted by weight, equal to the topic–word matrix, and its heatmap', async () => {
    const fitted = (await registry.create('topic/lda', { nComponents: 2, maxIter: 4 }).fit(data, { seed: 2 })) as unknown as FittedLda;
    expect(fitted.latentDim).toBe(2);
    const [top, heat] = fitted.views() as [TopTermsView, HeatmapView];
    const beta = fitted.topicWordDistribution();
    const v = data.nCols;
    expect(top.groups.map((g) => g.label)).toEqual(['topic1', 'topic2']);
    top.groups.forEach((g, t) => {
      expect(g.terms).toHaveLength(Math.min(10, v));
      const weights = g.terms.map((x) => x.weight);
      expect(weights).toEqual([...weights].sort((a, b) => b - a));
      for (const { term, weight } of g.terms) expect(weight).toBe(beta[t * v + data.vocabulary!.indexOf(term)]);
    });
    expect(heat.rowLabels).toEqual(['topic1', 'topic2']);
    expect(heat.columnLabels).toEqual(data.vocabulary);
    expect(heat.values).toEqual(Array.from(beta));
  });
});
