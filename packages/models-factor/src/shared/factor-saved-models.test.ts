import { dataHash, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type Fitted } from '@latentkit/registry';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fa } from '../fa/factor-analysis.js';
import { ppca } from '../ppca/probabilistic-pca.js';
import { toyFactorData } from '../test-support/toy-factor-data.js';

const registry = createRegistry().register(fa, ppca, em);
const fixture = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/fixtures/v1/${name}`, import.meta.url)), 'utf8'));

interface Expected {
  readonly rows: number[][];
  readonly columns: string[];
  readonly score: number;
  readonly transform: number[];
}

const denseOf = (e: Expected): DenseDataset => ({
  kind: 'dense',
  nRows: e.rows.length,
  nCols: e.columns.length,
  values: Float64Array.from(e.rows.flat()),
  columns: e.columns,
});

describe('saved factor models', () => {
  for (const name of ['fa', 'ppca']) {
    it(`loads the format-1 ${name} file written by latentkit 741261d to the score and transform it had`, () => {
      const saved = fixture(`${name}.json`) as { formatVersion: number };
      expect(saved.formatVersion).toBe(1);
      const expected = fixture(`${name}.expected.json`) as Expected;
      const loaded = registry.load(saved, `${name}.json`);
      const data = denseOf(expected);
      // Both sides evaluate the same float64 formulas on the same numbers: only summation order may differ.
      expect(loaded.score(data)).toBeCloseTo(expected.score, 12);
      Array.from(loaded.transform(data).values).forEach((z, i) => expect(z).toBeCloseTo(expected.transform[i], 10));
      expect(loaded.toJSON().formatVersion).toBe(2);
    });
  }

  for (const key of ['factor/fa', 'factor/ppca'] as const) {
    it(`${key} saves format 2 with provenance and engine parameters, and loads back to the same scores`, async () => {
      const data = toyFactorData({ nRows: 60, seed: 4 });
      const fitted = await registry.create(key, { nComponents: 2 }).fit(data, { seed: 1 });
      const saved = fitted.toJSON();
      expect(saved.formatVersion).toBe(2);
      expect(saved.provenance?.dataHash).toBe(dataHash(data));
      expect(saved.provenance?.packages['@latentkit/models-factor']).toBe(fa.meta.version);
      expect(saved.fit.engineParams).toMatchObject({ maxIter: fitted.params.maxIter, tol: fitted.params.tol });
      const loaded: Fitted = registry.load(JSON.parse(JSON.stringify(saved)));
      expect(loaded.scores(data)).toEqual(fitted.scores(data));
      expect(Array.from(loaded.transform(data).values)).toEqual(Array.from(fitted.transform(data).values));
      expect(loaded.toJSON()).toEqual(saved);
    });
  }
});
