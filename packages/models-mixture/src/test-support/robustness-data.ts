import type { DenseDataset } from '@latentkit/core';

/**
 * mulberry32, a small seeded 32-bit generator (uniform in [0, 1)), bit for bit the one of
 * tooling/reference/gmm_robustness_reference.py, so that tests regenerate data too large to store in a fixture.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A dense data set from row-major values. */
export function denseRows(rows: readonly (readonly number[])[], source: string): DenseDataset {
  const d = rows[0].length;
  const values = new Float64Array(rows.length * d);
  rows.forEach((r, i) => values.set(r, i * d));
  return { kind: 'dense', nRows: rows.length, nCols: d, values, columns: Array.from({ length: d }, (_, j) => `x${j + 1}`), source };
}

/** The same rows with `shift` added to every cell. */
export function shifted(ds: DenseDataset, shift: number): DenseDataset {
  return { ...ds, values: ds.values.map((v) => v + shift), source: `${ds.source} + ${shift}` };
}

/**
 * The `large` case of the reference script: 200,000 rows in D = 3 from four well-separated components (centres 0 to
 * 1000 units from the origin, sd 0.5 to 2); component ⌊4u⌋, each coordinate centre + sd·√(−2 log(1 − u₁)) cos(2π u₂).
 */
export const LARGE_CENTRES = [
  [0, 0, 0],
  [1000, 0, 0],
  [0, 400, 0],
  [100, 100, -300],
];

export function largeSeparated(): DenseDataset {
  const sds = [1, 2, 0.5, 1.5];
  const u = mulberry32(20261206);
  const n = 200_000;
  const d = 3;
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = Math.min(3, Math.floor(u() * 4));
    for (let j = 0; j < d; j++) {
      const r = Math.sqrt(-2 * Math.log(1 - u()));
      values[i * d + j] = LARGE_CENTRES[c][j] + sds[c] * r * Math.cos(2 * Math.PI * u());
    }
  }
  return { kind: 'dense', nRows: n, nCols: d, values, columns: ['x1', 'x2', 'x3'], source: 'large separated' };
}
