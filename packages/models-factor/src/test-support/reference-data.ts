import { loadDenseCsv, splitRows, type DenseDataset } from '@latentkit/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A fixture written by a script of tooling/reference/ (parsed JSON). */
export function readFixture(name: 'fa' | 'ppca' | 'factor-robustness'): any {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../tooling/reference/fixtures/${name}.json`, import.meta.url)), 'utf8'));
}

/** One case of a fixture: which bundled file, which columns, and the standardisation the script applied, if any. */
export interface ReferenceCase {
  readonly data: { readonly file: string; readonly columns: readonly string[]; readonly n: number };
  readonly standardize?: { readonly mean: readonly number[]; readonly std: readonly number[] };
}

/** The data of a case exactly as the reference script used it: the bundled CSV's feature columns, standardised with the script's numbers. */
export async function loadCase(c: ReferenceCase): Promise<DenseDataset> {
  const path = fileURLToPath(new URL(`../../../datasets/data/${c.data.file}`, import.meta.url));
  const ds = await loadDenseCsv(path, { columns: c.data.columns, label: 'label' });
  if (!c.standardize) return ds;
  const { mean, std } = c.standardize;
  const d = ds.nCols;
  return { ...ds, values: ds.values.map((v, q) => (v - mean[q % d]) / std[q % d]) };
}

/** Train or test rows of a dataset with a split column. */
export function part(ds: DenseDataset, which: 'train' | 'test'): DenseDataset {
  return splitRows(ds, which);
}

/** |a − b| / |b|. */
export const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Largest |a_i − s_c·b_i| over a row-major R×C matrix, with each column c of a matched to b up to the sign s_c. */
export function maxDiffUpToColumnSign(a: ArrayLike<number>, b: readonly (readonly number[])[]): number {
  const r = b.length;
  const c = b[0].length;
  let worst = 0;
  for (let j = 0; j < c; j++) {
    let dot = 0;
    for (let i = 0; i < r; i++) dot += a[i * c + j] * b[i][j];
    const s = dot < 0 ? -1 : 1;
    for (let i = 0; i < r; i++) worst = Math.max(worst, Math.abs(a[i * c + j] - s * b[i][j]));
  }
  return worst;
}
