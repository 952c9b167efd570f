import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicCoherence } from './coherence.js';

// Fixed inputs and numpy values from tooling/reference/metrics_reference.py (200 documents, 50 words, 4 topics; word 49
// never occurs but is ranked first in topic 1).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/coherence', () => {
  it('matches the reference for UMass (mean and sum) and NPMI to 1e-12', () => {
    const c = ref.coherence;
    const u = topicCoherence(c.docs, c.topics);
    expect(Math.abs(u.value - c.umass10.value)).toBeLessThan(1e-12);
    expect(u.parts.skippedPairs).toBe(c.umass10.skippedPairs);
    expect(Math.abs(topicCoherence(c.docs, c.topics, { aggregate: 'sum' }).value - c.umass10Sum.value)).toBeLessThan(1e-10);
    const n = topicCoherence(c.docs, c.topics, { measure: 'npmi' });
    expect(Math.abs(n.value - c.npmi10.value)).toBeLessThan(1e-12);
    c.npmi10.perTopic.forEach((v: number, t: number) => expect(Math.abs(n.parts[`topic:${t + 1}`] - v)).toBeLessThan(1e-12));
    expect(Math.abs(topicCoherence(c.docs, c.topics, { measure: 'npmi', topn: 5 }).value - c.npmi5.value)).toBeLessThan(1e-12);
  });

  it('gives NPMI 1 for words that always co-occur and −1 for words that never do', () => {
    // Words 0 and 1 appear together in documents 0–1; word 2 only in document 2; word 3 in every document.
    const docs = [
      [1, 2, 0, 1],
      [3, 1, 0, 1],
      [0, 0, 5, 1],
    ];
    // P(w0, w1) = P(w0) = P(w1) = 2/3: NPMI = log(1/P)/(−log P) = 1.
    expect(topicCoherence(docs, [[1, 0.9, 0, 0]], { measure: 'npmi', topn: 2 }).value).toBeCloseTo(1, 12);
    expect(topicCoherence(docs, [[1, 0, 0.9, 0]], { measure: 'npmi', topn: 2 }).value).toBe(-1);
    // UMass of (w0, w1): log((2 + 1)/2).
    expect(topicCoherence(docs, [[1, 0.9, 0, 0]], { topn: 2 }).value).toBeCloseTo(Math.log(1.5), 12);
  });

  it('needs the same words in both inputs', () => {
    expect(() => topicCoherence([[1, 2, 3]], [[1, 2]])).toThrow(/^metrics\/coherence: truth has 3 columns but pred has 2$/);
  });
});
