import type { DenseDataset } from '@latentkit/core';
import { createRegistry, type MetricPlugin } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { metricPlugins, mig } from './index.js';

const dense = (rows: number[][], extra: Partial<DenseDataset> = {}): DenseDataset => ({
  kind: 'dense',
  nRows: rows.length,
  nCols: rows[0].length,
  values: Float64Array.from(rows.flat()),
  columns: ['a', 'b'],
  ...extra,
});
const rows = (n: number): number[][] => Array.from({ length: n }, (_, i) => [i % 3, (i * 7) % 5]);

describe('metric plugins', () => {
  it('register as metrics/<id> in a registry', () => {
    const registry = createRegistry().register(...metricPlugins);
    expect(registry.list('metric').map((e) => e.key)).toEqual([
      'metrics/ari',
      'metrics/block-r2',
      'metrics/coherence',
      'metrics/cross-mcc',
      'metrics/dci',
      'metrics/graph-accuracy',
      'metrics/leakage',
      'metrics/log-likelihood',
      'metrics/mcc',
      'metrics/mig',
      'metrics/ndcg-at-k',
      'metrics/nmi',
      'metrics/perplexity',
      'metrics/recall-at-k',
      'metrics/sap',
      'metrics/support-recovery',
    ]);
    for (const p of metricPlugins) expect(Object.keys(p.defaults).sort()).toEqual(Object.keys(p.params).sort());
  });

  for (const plugin of metricPlugins as readonly MetricPlugin[]) {
    const key = `metrics/${plugin.meta.id}`;
    it(`${key} rejects mismatched inputs and NaN with one line naming the argument`, () => {
      const compute = (truth: DenseDataset, pred: DenseDataset) => () => plugin.compute({ truth, pred }, plugin.defaults);
      if (plugin.meta.id === 'coherence') {
        // Documents × words against topics × words: the words (columns) must agree, not the rows.
        expect(compute(dense(rows(6)), dense([[1, 2, 3]], { columns: ['a', 'b', 'c'] }))).toThrow(new RegExp(`^${key}: truth has 2 columns but pred has 3$`));
      } else {
        expect(compute(dense(rows(6)), dense(rows(5)))).toThrow(new RegExp(`^${key}: truth has 6 rows but pred has 5$`));
      }
      const withNaN = rows(6);
      withNaN[1][1] = NaN;
      expect(compute(dense(withNaN), dense(rows(6)))).toThrow(new RegExp(`^${key}: truth has a missing value \\(NaN\\) at row 2, column 'b'$`));
      expect(compute(dense(rows(6)), dense(withNaN, { source: '--pred codes.csv', lines: Int32Array.from([2, 3, 4, 5, 6, 7]) }))).toThrow(
        new RegExp(`^${key}: pred \\(--pred codes\\.csv\\) has a missing value \\(NaN\\) at line 3, column 'b'$`),
      );
      const withInf = rows(6);
      withInf[0][0] = Infinity;
      expect(compute(dense(rows(6)), dense(withInf))).toThrow(new RegExp(`^${key}: pred has an infinite value \\(Infinity\\) at row 1, column 'a'$`));
    });
  }

  it('validate the options of the function form with the registry rules', () => {
    expect(() => mig(rows(6), rows(6), { bins: 0 })).toThrow(/^metrics\/mig: parameter bins=0 is invalid: expected an integer >= 1$/);
    expect(() => mig(rows(6), rows(6), { bogus: 1 } as never)).toThrow(/^metrics\/mig: unknown parameter 'bogus'/);
  });
});
