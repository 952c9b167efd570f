import { describe, expect, it } from 'vitest';
import type { SotuDocument } from './sotu.js';
import { loadSotuEras, sotuEras } from './sotu-eras.js';

const address = (year: number, text: string): SotuDocument => ({ year, president: `P${year}`, party: 'none', text });

// Five tiny addresses (address 4 is the test address). Tokens after stop-word removal, counted by hand:
// 1900 "war war navy peace" → [war war] [navy peace]; 1910 "navy navy war" → [navy navy] [war] (1 token = chunk/2, kept);
// 1950 "jobs jobs tax" → [jobs jobs] [tax]; 1960 "jobs war" → [jobs war]; 1970 "tax tax tax tax" (test) → [tax tax] [tax tax].
// Training-document frequencies: war 4, navy 3, jobs 3, tax 1, peace 1 → vocabulary of 3: war, jobs, navy (ties alphabetical).
const TINY = [
  address(1900, 'The war, the war and the navy; peace.'),
  address(1910, 'Navy navy war'),
  address(1950, 'jobs jobs tax'),
  address(1960, 'jobs war'),
  address(1970, 'tax tax tax tax'),
];

describe('sotuEras', () => {
  it('cuts addresses into chunks, counts the most frequent training words and groups rows by year', () => {
    const ds = sotuEras(TINY, { year: 1950, vocabulary: 3, chunk: 2 });
    expect([ds.nRows, ds.nCols]).toEqual([9, 3]);
    expect(ds.columns).toEqual(['war', 'jobs', 'navy']);
    expect(Array.from(ds.values)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 2, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ds.groups).toEqual({
      name: 'group',
      values: ['background', 'background', 'background', 'background', 'target', 'target', 'target', 'target', 'target'],
    });
    expect(ds.labels).toEqual([1900, 1900, 1910, 1910, 1950, 1950, 1960, 1970, 1970]);
    expect(ds.rowNames!.slice(0, 3)).toEqual(['1900 P1900 1', '1900 P1900 2', '1910 P1910 1']);
    // Split by address: every document of address 4 (1970) is test.
    expect(ds.split).toEqual(['train', 'train', 'train', 'train', 'train', 'train', 'train', 'test', 'test']);
  });

  it('drops a last piece shorter than half a chunk', () => {
    // chunk 3: 1900 has 4 tokens → [war war navy] + [peace] (1 < 1.5, dropped).
    expect(sotuEras(TINY, { year: 1950, chunk: 3 }).rowNames!.filter((r) => r.startsWith('1900'))).toEqual(['1900 P1900 1']);
  });

  it('refuses a year that leaves one group without documents, in one line', () => {
    expect(() => sotuEras(TINY, { year: 1900, chunk: 2 })).toThrow(
      new RangeError(
        'datasets/sotu-eras: year 1900 leaves the background (addresses before that year) group without documents; the addresses span 1900–1970, so give a year in 1901–1970',
      ),
    );
    expect(() => sotuEras(TINY, { year: 1971, chunk: 2 })).toThrow(
      /^datasets\/sotu-eras: year 1971 leaves the target \(addresses from that year on\) group without documents;/,
    );
    expect(() => sotuEras(TINY, { chunk: 10 })).toThrow('datasets/sotu-eras: no address has 5 tokens (half of chunk 10); give a smaller chunk');
    expect(() => sotuEras(TINY, { chunk: 1 })).toThrow('datasets/sotu-eras: chunk must be an integer ≥ 2 (tokens per document), got 1');
  });
});

describe('loadSotuEras', () => {
  it('gives the documented shape and group counts for the real addresses, the same on every load', async () => {
    const ds = await loadSotuEras();
    expect([ds.nRows, ds.nCols]).toEqual([5609 + 2289, 500]);
    const target = ds.groups!.values.filter((g) => g === 'target').length;
    expect([ds.nRows - target, target]).toEqual([5609, 2289]);
    // Background rows come first (addresses in year order), the boundary at 1945.
    expect([ds.labels![5608], ds.labels![5609]]).toEqual([1944, 1945]);
    expect(ds.values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    // Every document has at most `chunk` counted tokens.
    const longest = Math.max(...Array.from({ length: ds.nRows }, (_, i) => ds.values.subarray(i * 500, (i + 1) * 500).reduce((a, b) => a + b, 0)));
    expect(longest).toBeLessThanOrEqual(100);
    const again = await loadSotuEras();
    // Compared in a loop: vitest's deep equality on 3.9 million numbers takes most of a minute.
    expect(again.values.length).toBe(ds.values.length);
    expect(again.values.findIndex((v, q) => v !== ds.values[q])).toBe(-1);
    expect(again.columns).toEqual(ds.columns);
    expect(again.groups).toEqual(ds.groups);
  });

  it('takes year, vocabulary and chunk', async () => {
    const ds = await loadSotuEras({ year: 1980, vocabulary: 200, chunk: 150 });
    expect(ds.nCols).toBe(200);
    expect(ds.groups!.values.filter((g) => g === 'target').length).toBe(853);
    await expect(loadSotuEras({ year: 2022 })).rejects.toThrow(/year 2022 leaves the target .* give a year in 1791–2021$/);
  });
});
