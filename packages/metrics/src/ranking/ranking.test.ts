import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ndcgAtK } from './ndcg-at-k.js';
import { recallAtK } from './recall-at-k.js';

// Fixed inputs (scores rounded to one decimal, so with ties) and numpy values (stable argsort) from
// tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/recall-at-k and metrics/ndcg-at-k', () => {
  it('match the reference to 1e-12', () => {
    const r = ref.ranking;
    for (const k of [5, 10]) {
      const rec = recallAtK(r.relevance, r.scores, { k });
      expect(Math.abs(rec.value - r[`recall${k}`].value)).toBeLessThan(1e-12);
      expect(rec.parts.rows).toBe(r[`recall${k}`].rows);
      expect(Math.abs(ndcgAtK(r.relevance, r.scores, { k }).value - r[`ndcg${k}`].value)).toBeLessThan(1e-12);
    }
    expect(Math.abs(ndcgAtK(r.graded, r.scores, { gain: 'linear' }).value - r.ndcg10Linear.value)).toBeLessThan(1e-12);
  });

  it('are 1 for scores that rank every relevant item first, and follow the hand-computed discounts', () => {
    const rel = [[1, 0, 1, 0]];
    expect(recallAtK(rel, rel, { k: 2 }).value).toBe(1);
    expect(ndcgAtK(rel, rel, { k: 2 }).value).toBe(1);
    // Relevant items ranked 1st and 3rd: recall@2 = 1/2, NDCG@3 = (1 + 1/log2 4)/(1 + 1/log2 3).
    const scores = [[4, 3, 2, 1]];
    expect(recallAtK(rel, scores, { k: 2 }).value).toBe(0.5);
    expect(ndcgAtK(rel, scores, { k: 3 }).value).toBeCloseTo((1 + 1 / 2) / (1 + 1 / Math.log2(3)), 14);
    // Ties keep column order: columns 1 and 2 tie, column 1 (not relevant) comes first.
    expect(recallAtK([[0, 1, 0]], [[1, 1, 0]], { k: 1 }).value).toBe(0);
  });
});
