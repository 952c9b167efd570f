import { describe, expect, it } from 'vitest';
import { createRng, restoreRng, type RngState } from './rng.js';

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      s += u;
      s2 += u * u;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const mean = s / n;
    // Standard error of the mean is sqrt(1/12 / n) ≈ 6.5e-4; allow 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('draws standard normals with mean 0, variance 1 and kurtosis 3', () => {
    const r = createRng(2);
    const xs = r.fillNormal(new Float64Array(200_000));
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const k4 = xs.reduce((a, b) => a + (b - mean) ** 4, 0) / n / (v * v);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(v - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(k4 - 3)).toBeLessThan(5 * Math.sqrt(24 / n));
  });

  it('splits into reproducible, mutually independent children', () => {
    const [a1, b1] = createRng(3).split(2);
    const [a2, b2] = createRng(3).split(2);
    const seqA = Array.from({ length: 1000 }, () => a1.uniform());
    const seqB = Array.from({ length: 1000 }, () => b1.uniform());
    expect(Array.from({ length: 1000 }, () => a2.uniform())).toEqual(seqA);
    expect(Array.from({ length: 1000 }, () => b2.uniform())).toEqual(seqB);
    // Sample correlation of independent uniforms has standard error 1/sqrt(n).
    const ma = seqA.reduce((x, y) => x + y) / 1000;
    const mb = seqB.reduce((x, y) => x + y) / 1000;
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (let i = 0; i < 1000; i++) {
      cov += (seqA[i] - ma) * (seqB[i] - mb);
      va += (seqA[i] - ma) ** 2;
      vb += (seqB[i] - mb) ** 2;
    }
    expect(Math.abs(cov / Math.sqrt(va * vb))).toBeLessThan(5 / Math.sqrt(1000));
  });

  it('keeps split children apart across successive splits', () => {
    const r = createRng(4);
    const first = r.fork().uniform();
    const second = r.fork().uniform();
    expect(first).not.toBe(second);
  });

  it('draws integers and permutations in range', () => {
    const r = createRng(5);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(5 * Math.sqrt(60_000 * (1 / 6) * (5 / 6)));
    const p = r.permutation(50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => r.int(0)).toThrow('int(n) needs a positive integer n, got 0');
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow('seed must be a finite number, got NaN');
  });
});

describe('Rng.state / restoreRng', () => {
  it('continues the stream exactly, spare normal, splits and forks included, through JSON', () => {
    const a = createRng(42);
    a.normal();
    a.split(2);
    const b = restoreRng(JSON.parse(JSON.stringify(a.state())) as RngState);
    expect(b.seed).toBe(42);
    expect([b.normal(), b.uniform(), b.int(10), b.tfSeed()]).toEqual([a.normal(), a.uniform(), a.int(10), a.tfSeed()]);
    expect(b.split(2).map((r) => r.uniform())).toEqual(a.split(2).map((r) => r.uniform()));
  });

  it('rejects something that is not a generator state', () => {
    expect(() => restoreRng({ seed: 1, words: [1, 2], splits: 0, spare: null } as unknown as RngState)).toThrow(
      'not a generator state: {"seed":1,"words":[1,2]',
    );
  });
});
