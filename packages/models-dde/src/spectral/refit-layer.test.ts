import { describe, expect, it } from 'vitest';
import { binaryLatents, latentMeans, refitLayer, type RefitOptions } from './refit-layer.js';

// Â: the four patterns of two binary latents, twice (N = 8), so mean(Â) = (0.5, 0.5) and ÂcᵀÂc = 2·I.
const patterns = [0, 0, 1, 0, 0, 1, 1, 1];
const a = Uint8Array.from([...patterns, ...patterns]);
const n = 8;
const k = 2;
/** Z = Âc·Bᵀ for slopes B (children × 2): the least-squares refit of Z on Âc recovers B exactly. */
function centredResponse(b: number[][]): Float64Array {
  const c = b.length;
  const z = new Float64Array(n * c);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) z[i * c + j] = (a[i * k] - 0.5) * b[j][0] + (a[i * k + 1] - 0.5) * b[j][1];
  return z;
}
const plain = (c: number): RefitOptions => ({
  halve: new Array(c).fill(false),
  mask: null,
  floor: null,
  anchorCandidates: new Array(c).fill(true),
  offsets: new Float64Array(c),
});
const rows = (m: { data: Float64Array }, c: number): number[][] => Array.from({ length: c }, (_, j) => Array.from(m.data.subarray(j * k, j * k + k)));

describe('refitLayer on a hand-made Â', () => {
  const b = [
    [1, 0],
    [0, 3],
    [0.5, 0.2],
  ];
  const z = centredResponse(b);
  it('recovers the slopes exactly and sets intercept = offset − B·mean(Â)', () => {
    const offsets = Float64Array.from([0, 0, 10]);
    const { slopes, intercepts } = refitLayer(z, n, a, k, { ...plain(3), offsets });
    rows(slopes, 3).forEach((r, j) => r.forEach((x, t) => expect(x).toBeCloseTo(b[j][t], 12)));
    expect(intercepts[0]).toBeCloseTo(-0.5, 12);
    expect(intercepts[1]).toBeCloseTo(-1.5, 12);
    expect(intercepts[2]).toBeCloseTo(10 - 0.35, 12);
  });
  it('halves logit/log children, masks, and floors each latent’s anchor slope at 2.5', () => {
    const mask = { rows: 3, cols: 2, data: Float64Array.from([1, 1, 1, 1, 1, 0]) };
    const { slopes } = refitLayer(z, n, a, k, { ...plain(3), halve: [true, false, false], mask, floor: 2.5 });
    // Halved child 0: (0.5, 0); anchors: latent 1 → child 0 (0.5 beats child 2's 0.5? tie broken by the total:
    // 0.5 + 3 either way), latent 2 → child 1 (3 ≥ 2.5, unchanged). Child 2's second slope is masked.
    const got = rows(slopes, 3);
    expect(got[1]).toEqual([expect.closeTo(0, 12), expect.closeTo(3, 12)]);
    expect(got[2][1]).toBe(0);
    const anchor0 = got[0][0] === 2.5 ? 0 : 2;
    expect(got[anchor0][0]).toBe(2.5);
    expect(got[2 - anchor0][0]).toBeCloseTo(0.5, 12);
  });
  it('only lets candidate children anchor', () => {
    const { slopes } = refitLayer(z, n, a, k, { ...plain(3), floor: 2.5, anchorCandidates: [false, true, true] });
    const got = rows(slopes, 3);
    expect(got[0][0]).toBeCloseTo(1, 12);
    expect(got[2][0]).toBe(2.5);
    expect(got[1][1]).toBeCloseTo(3, 12);
  });
});

describe('binaryLatents', () => {
  it('thresholds the least-squares scores Z·B̂(B̂ᵀB̂)⁻¹ at 0', () => {
    // Z = S·B̂ᵀ with non-orthogonal B̂ (3 × 2): the scores recovered are exactly S.
    const bh = { rows: 3, cols: 2, data: Float64Array.from([1, 0.2, 0.3, 1, 0.5, 0.5]) };
    const s = [
      [0.4, -1],
      [-0.1, 2],
      [3, 0.05],
    ];
    const z = Float64Array.from(s.flatMap(([p, q]) => [0, 1, 2].map((j) => p * bh.data[j * 2] + q * bh.data[j * 2 + 1])));
    expect(Array.from(binaryLatents(z, 3, bh))).toEqual([1, 0, 0, 1, 1, 1]);
  });
  it('latentMeans are column means', () => {
    expect(Array.from(latentMeans(a, n, k))).toEqual([0.5, 0.5]);
  });
});
