import { describe, expect, it } from 'vitest';
import { fromRows, matmul, transpose, type Matrix } from './matrix.js';
import { thinSvd } from './svd.js';
import { reflector, svdDefects } from './test-support/svd-checks.js';

// The Golub–Kahan–Reinsch paths (golub-kahan-svd.ts) through thinSvd on square matrices, which it factorises directly,
// on matrices whose singular values are known in closed form. Upper bidiagonal B with ones on the diagonal and ±1 on
// the superdiagonal: BBᵀ (or BᵀB) is tridiag(1, 2, 1) with one corner entry 1, so σⱼ = 2·cos(jπ/(2n + 1)), j = 1 … n
// (the signs of the superdiagonal do not matter: B ↦ D·B·D with D = diag(±1) flips them). A p×(p+1) or (p+1)×p
// bidiagonal block of ones has Gram matrix tridiag(1, 2, 1) of order p: σⱼ = 2·cos(jπ/(2p + 2)), j = 1 … p.
// Tolerances: a backward-stable SVD gives every σ to a small multiple of ε·σ₁ (ε = 2.2e-16); n ≤ 8 here, so 1e-14·σ₁
// (45ε) leaves a margin; the cosines are computed to an ulp.

/** n×n upper bidiagonal matrix with diagonal `d` and superdiagonal `e`. */
function bidiagonal(d: number[], e: number[]): Matrix {
  const n = d.length;
  return fromRows(d.map((di, i) => Array.from({ length: n }, (_, j) => (j === i ? di : j === i + 1 ? e[i] : 0))));
}

/** 2·cos(jπ/den) for j = 1 … count. */
const cosines = (count: number, den: number): number[] => Array.from({ length: count }, (_, j) => 2 * Math.cos(((j + 1) * Math.PI) / den));

const descending = (x: number[]): number[] => [...x].sort((a, b) => b - a);

/** σ equal to `expected` (any order) within `tol`·max σ; A = UΣVᵀ, UᵀU = VᵀV = I to `tol`; σ sorted and ≥ 0. */
function expectSingularValues(a: Matrix, expected: number[], tol: number): void {
  const svd = thinSvd(a);
  const want = descending(expected);
  const scale = want[0];
  const worstValue = Math.max(...want.map((w, i) => Math.abs(svd.s[i] - w))) / scale;
  const { worst, shapesMatch, sortedNonNegative } = svdDefects(a, svd);
  expect([worstValue <= tol, worst <= tol, shapesMatch, sortedNonNegative], `σ off by ${worstValue}, defect ${worst}`).toEqual([true, true, true, true]);
}

describe('golubKahanSvd through thinSvd, on bidiagonal matrices with closed-form singular values', () => {
  // Each Householder step of the bidiagonalisation then reflects a vector with one non-zero entry; the sign of the
  // reflector must follow that entry's sign, or its vector x/‖x‖ + e₁ cancels to 0 (superdiagonal +1 and −1 reach
  // both signs). n = 7 and 8: with and without rows left over from the 4-row loops.
  for (const n of [7, 8]) {
    for (const [name, sign] of [
      ['+1', () => 1],
      ['−1', () => -1],
      ['alternating', (i: number) => (i % 2 === 0 ? 1 : -1)],
    ] as const) {
      it(`gives σⱼ = 2cos(jπ/(2n+1)) for n = ${n}, superdiagonal ${name}`, () => {
        const a = bidiagonal(
          new Array(n).fill(1),
          Array.from({ length: n - 1 }, (_, i) => sign(i)),
        );
        expectSingularValues(a, cosines(n, 2 * n + 1), 1e-14);
      });
    }
  }

  it('splits at an exact zero on the superdiagonal: σ of each block', () => {
    // e₂ = 0 splits the 7×7 matrix into 3×3 and 4×4 blocks of the form above; the QR sweeps then run on the lower
    // block alone, from row 3 (not 0), over the 7 rows of U and V (a 4-row group and 3 rows left over).
    const e = [1, -1, 0, 1, 1, -1];
    expectSingularValues(bidiagonal(new Array(7).fill(1), e), [...cosines(3, 7), ...cosines(4, 9)], 1e-14);
  });

  it('deflates an exact zero on the diagonal at the top, in the middle and at the bottom', () => {
    // d = 3·(1, …, 1, 0 at i, 1, …, 1), e = 3·(±1): rows < i and columns ≤ i form an i×(i+1) block of threes, rows ≥ i
    // and columns > i an (n−i)×(n−i−1) block, so σ = 3·{2cos(jπ/(2i+2))}ⱼ₌₁…ᵢ ∪ 3·{2cos(jπ/(2(n−i)))}ⱼ₌₁…ₙ₋ᵢ₋₁ ∪ {0}.
    // The zero is chased off by rotations: to the right (i < n−1) or up its column (i = n−1). Scaled by 3 so that the
    // rotated superdiagonal entries are not ±1 (a product and a quotient by ±1 agree).
    const n = 7;
    for (const i of [0, 3, 6]) {
      const d = Array.from({ length: n }, (_, j) => (j === i ? 0 : 3));
      const e = Array.from({ length: n - 1 }, (_, j) => (j % 3 === 1 ? -3 : 3));
      const expected = [...cosines(i, 2 * i + 2), ...cosines(n - i - 1, 2 * (n - i)), 0].map((x) => 3 * x);
      expectSingularValues(bidiagonal(d, e), expected, 1e-14);
    }
  });

  it('scales the shift so that matrices near the overflow and underflow thresholds converge', () => {
    // 2^±700·B: the singular values scale exactly by the power of two; squares of entries near 2^700 overflow and
    // near 2^−700 underflow, so the shift must be formed from the trailing entries divided by their largest.
    for (const f of [2 ** 700, 2 ** -700]) {
      const a = bidiagonal(new Array(7).fill(f), [f, -f, f, f, -f, f]);
      expectSingularValues(
        a,
        cosines(7, 15).map((x) => f * x),
        1e-14,
      );
    }
  });

  it('converges on clustered singular values, which need a good shift', () => {
    // A = P·diag(σ)·Qᵀ with Householder reflectors P, Q (orthogonal up to the rounding of their entries) and
    // σ = 1, 0.999, …, 0.994: neighbouring ratios of 0.999 leave unshifted QR iterations (which shrink the last
    // superdiagonal by (σₙ/σₙ₋₁)² per sweep) thousands of sweeps from convergence; the Wilkinson shift needs a few.
    const sigma = [1, 0.999, 0.998, 0.997, 0.996, 0.995, 0.994];
    const d = fromRows(sigma.map((x, i) => sigma.map((_, j) => (i === j ? x : 0))));
    const a = matmul(matmul(reflector([1, -2, 0.5, 3, 1, -1, 2]), d), transpose(reflector([2, 1, -1, 0.5, -3, 1, 1])));
    expectSingularValues(a, sigma, 1e-14);
  });

  it('keeps a strongly graded bidiagonal finite', () => {
    // dᵢ = 10^(−30i), eᵢ = 10^(−30i−15): every entry is above ε times its neighbours (no split), and the trailing
    // entries are 1e150 to 1e180 times smaller than the leading ones, so unscaled squares would overflow. Such a graded
    // B has σᵢ = dᵢ·(1 + O(1e-30)); absolute accuracy ε·σ₁ is what a backward-stable SVD promises.
    const n = 7;
    const d = Array.from({ length: n }, (_, i) => 10 ** (-30 * i));
    const e = Array.from({ length: n - 1 }, (_, i) => 10 ** (-30 * i - 15));
    expectSingularValues(bidiagonal(d, e), d, 1e-15);
  });
});
