import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cholesky, NotPositiveDefiniteError } from './cholesky.js';
import { fromRows, identity, matmul } from './matrix.js';
import { inverseSpd, logDet, logDetFromCholesky } from './spd.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

describe('log-determinants', () => {
  it('match numpy slogdet on the well-conditioned 5×5 matrix', () => {
    const a = fromRows(ref.spd5.a);
    expect(Math.abs(logDet(a) - ref.spd5.logdet)).toBeLessThan(1e-12 * Math.abs(ref.spd5.logdet));
    expect(logDetFromCholesky(cholesky(a))).toBe(logDet(a));
  });

  it('stay accurate on the ill-conditioned Hilbert 8×8 matrix', () => {
    // Against the exact log det of the stored matrix (rational elimination, ≈ −74.98). A backward error ‖δA‖ ≈ n·ε·‖A‖
    // moves log det by up to κ₂(H₈)·n·ε ≈ 3e-5; observed errors are ~1e-8 (numpy's LU: 5e-9, its Cholesky: 2e-8),
    // so 1e-7 (nine significant digits) checks we are as good as LAPACK without depending on rounding luck.
    const exact = ref.hilbert8.logdetExact;
    expect(Math.abs(logDet(fromRows(ref.hilbert8.a)) - exact)).toBeLessThan(1e-7);
    expect(Math.abs(ref.hilbert8.logdet - exact)).toBeLessThan(1e-7);
  });

  it('is exact on a diagonal matrix', () => {
    expect(
      logDet(
        fromRows([
          [4, 0],
          [0, 9],
        ]),
      ),
    ).toBeCloseTo(Math.log(36), 15);
  });

  it('passes the matrix name through to the not-positive-definite error', () => {
    expect(() =>
      logDet(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
        { name: 'Σ' },
      ),
    ).toThrow(NotPositiveDefiniteError);
    expect(() =>
      logDet(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
        { name: 'Σ' },
      ),
    ).toThrow(/^Σ is not positive definite/);
  });
});

describe('logDetFromCholesky input', () => {
  it('rejects a non-square factor in one line naming the function', () => {
    expect(() => logDetFromCholesky({ rows: 2, cols: 3, data: new Float64Array(6).fill(1) })).toThrow(
      /^logDetFromCholesky: expected a square matrix, got 2×3$/,
    );
  });
});

describe('inverseSpd', () => {
  it('matches numpy and is exactly symmetric', () => {
    const inv = inverseSpd(fromRows(ref.spd5.a));
    const expected = fromRows(ref.spd5.inverse).data;
    expect(maxAbsDiff(inv.data, expected)).toBeLessThan(1e-12 * maxAbs(expected));
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < i; j++) expect(inv.data[i * 5 + j]).toBe(inv.data[j * 5 + i]);
    }
    expect(maxAbsDiff(matmul(fromRows(ref.spd5.a), inv).data, identity(5).data)).toBeLessThan(1e-13);
  });

  it('accepts jitter for a singular matrix', () => {
    const inv = inverseSpd(
      fromRows([
        [1, 1],
        [1, 1],
      ]),
      { jitter: 1e-3 },
    );
    expect(
      maxAbsDiff(
        matmul(
          fromRows([
            [1.001, 1],
            [1, 1.001],
          ]),
          inv,
        ).data,
        identity(2).data,
      ),
    ).toBeLessThan(1e-9);
  });
});
