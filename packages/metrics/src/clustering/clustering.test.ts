import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from './ari.js';
import { normalizedMutualInfo } from './nmi.js';

// Fixed inputs and scikit-learn 1.2.1 adjusted_rand_score / normalized_mutual_info_score values from
// tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/ari and metrics/nmi', () => {
  it('match scikit-learn to 1e-12, the 5-column prediction turned into labels by argmax', () => {
    const c = ref.clustering;
    expect(Math.abs(adjustedRandIndex(c.truth, c.pred).value - c.ari)).toBeLessThan(1e-12);
    expect(Math.abs(normalizedMutualInfo(c.truth, c.pred).value - c.nmi)).toBeLessThan(1e-12);
    const labels = c.predLabels.map((l: number) => [l]);
    expect(adjustedRandIndex(c.truth, labels).value).toBe(adjustedRandIndex(c.truth, c.pred).value);
  });

  it('are 1 for the same partition under renamed labels and near 0 for independent labels', () => {
    const a = Array.from({ length: 300 }, (_, i) => [i % 3]);
    const renamed = a.map(([l]) => [[7, -1, 2.5][l]]);
    expect(adjustedRandIndex(a, renamed).value).toBe(1);
    expect(normalizedMutualInfo(a, renamed).value).toBeCloseTo(1, 12);
    // i mod 3 against ⌊i/100⌋: every cell of the 3×3 contingency table holds 100/3 ± 1 rows.
    const b = Array.from({ length: 300 }, (_, i) => [Math.floor(i / 100)]);
    expect(Math.abs(adjustedRandIndex(a, b).value)).toBeLessThan(0.01);
    expect(normalizedMutualInfo(a, b).value).toBeLessThan(0.01);
  });

  it("follow scikit-learn's special cases", () => {
    const one = [[1], [1], [1]];
    expect(adjustedRandIndex(one, one).value).toBe(1);
    expect(normalizedMutualInfo(one, one).value).toBe(1);
    expect(normalizedMutualInfo(one, [[0], [1], [2]]).value).toBe(0);
    // Hand-computed over ordered pairs: truth {0,0,1,1}, pred {0,0,0,1} give tp = 2, fn = 2, fp = 4, tn = 4, so
    // tp·tn = fn·fp and ARI = 0.
    expect(adjustedRandIndex([[0], [0], [1], [1]], [[0], [0], [0], [1]]).value).toBeCloseTo(0, 12);
  });
});
