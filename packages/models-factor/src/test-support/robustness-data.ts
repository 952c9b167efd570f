import type { DenseDataset } from '@latentkit/core';

/** A data set of tooling/reference/factor_robustness_reference.py, described by how to generate it. */
export interface RobustnessRecipe {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly seed: number;
  readonly loc: number;
  readonly scale: number;
  /** Added to every value. */
  readonly shift?: number;
  /** One cell set to a value. */
  readonly outlier?: { readonly row: number; readonly col: number; readonly value: number };
  /** The last column becomes x_0 + x_1 + collinear · e. */
  readonly collinear?: number;
  /** One column set to a value in every row. */
  readonly constant?: { readonly col: number; readonly value: number };
  /** Row i becomes row (i mod repeat): only `repeat` distinct rows. */
  readonly repeat?: number;
}

/** The Park–Miller generator s ← 48271·s mod (2³¹ − 1): every step is exact in float64, as in Python. */
class ParkMiller {
  private s: number;
  constructor(seed: number) {
    this.s = seed;
  }
  uniform(): number {
    this.s = (this.s * 48271) % 2147483647;
    return this.s / 2147483647;
  }
  /** u₁ + … + u₁₂ − 6 (Irwin–Hall), summed left to right. */
  normal(): number {
    let t = 0;
    for (let i = 0; i < 12; i++) t += this.uniform();
    return t - 6;
  }
}

/**
 * The data of a recipe, bit for bit as the Python script builds them (same generator, same order of float64
 * operations): x_ij = loc + scale·(Σ_a W_ja z_ia + √ψ_j e_ij), ψ_j = 0.2 + 0.1·(j mod 3), then the shift, the
 * collinear column, the outlier, the constant column and the repeated rows. Columns `x1..xD`.
 */
export function robustnessData(r: RobustnessRecipe, source = 'robustness data'): DenseDataset {
  const { n, d, k, loc, scale } = r;
  const g = new ParkMiller(r.seed);
  const w = Array.from({ length: d * k }, () => g.normal());
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(0.2 + 0.1 * (j % 3)));
  const values = new Float64Array(n * d);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) z[a] = g.normal();
    const row = i * d;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += w[j * k + a] * z[a];
      const e = g.normal();
      values[row + j] = r.collinear !== undefined && j === d - 1 ? values[row] + values[row + 1] + r.collinear * e : loc + scale * (s + sd[j] * e);
    }
    if (r.shift) for (let j = 0; j < d; j++) values[row + j] += r.shift;
  }
  if (r.outlier) values[r.outlier.row * d + r.outlier.col] = r.outlier.value;
  if (r.constant) for (let i = 0; i < n; i++) values[i * d + r.constant.col] = r.constant.value;
  if (r.repeat) for (let i = r.repeat; i < n; i++) values.copyWithin(i * d, (i % r.repeat) * d, (i % r.repeat) * d + d);
  return { kind: 'dense', nRows: n, nCols: d, values, columns: Array.from({ length: d }, (_, j) => `x${j + 1}`), source };
}

/** The data of a fixture case, checked against the first row and the sum the Python script stored. */
export function fixtureCaseData(c: { recipe: RobustnessRecipe; check: { sum: number; firstRow: number[] } }, name: string): DenseDataset {
  const data = robustnessData(c.recipe, name);
  data.values.subarray(0, data.nCols).forEach((v, j) => {
    if (v !== c.check.firstRow[j]) throw new Error(`${name}: generated x[0, ${j}] = ${v}, the Python script made ${c.check.firstRow[j]}`);
  });
  let sum = 0;
  for (const v of data.values) sum += v;
  // numpy sums pairwise, this loop left to right: both are within N·u·Σ|x| of the exact sum.
  const bound = data.values.length * 2 ** -52 * data.values.reduce((s, v) => s + Math.abs(v), 0);
  if (!(Math.abs(sum - c.check.sum) <= bound)) throw new Error(`${name}: generated data sum to ${sum}, the Python script's to ${c.check.sum}`);
  return data;
}
