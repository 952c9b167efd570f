import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { loadH5ad } from './load-h5ad.js';

// Fixtures and expected values written by tooling/reference/anndata_fixtures.py (anndata 0.8.0, h5py 3.7).
const dir = new URL('../../../tooling/reference/fixtures/anndata/', import.meta.url);
const fixture = (name: string): string => new URL(name, dir).pathname;
interface Expected {
  dense: { X: number[][]; columns: string[]; obs: Record<string, string[]> };
  sparse: { X: number[][]; counts: number[][]; columns: string[]; obs: Record<string, string[]> };
  csc: { X: number[][]; columns: string[]; missingRow: number };
  legacy: { obs: Record<string, string[]> };
}
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Expected;

// X is float32 in the files and the expected values are those float32 numbers widened to float64 by numpy, so the
// comparison is exact: the loader widens the same float32 values.
const rows = (values: Float64Array, nCols: number): number[][] =>
  Array.from({ length: values.length / nCols }, (_, i) => Array.from(values.subarray(i * nCols, (i + 1) * nCols)));

describe('loadH5ad', () => {
  it('reads a dense X with the var index (named by the _index attribute) as columns', async () => {
    const ds = await loadH5ad(fixture('dense.h5ad'));
    expect(ds.kind).toBe('dense');
    expect([ds.nRows, ds.nCols]).toEqual([6, 4]);
    expect(ds.columns).toEqual(expected.dense.columns);
    expect(rows(ds.values, ds.nCols)).toEqual(expected.dense.X);
    expect(ds.rowNames).toEqual(['cell1', 'cell2', 'cell3', 'cell4', 'cell5', 'cell6']);
    expect(ds.groups).toBeUndefined();
  });

  it('takes the groups from a categorical, a string or a numeric obs column', async () => {
    for (const name of ['condition', 'sample', 'batch']) {
      const ds = await loadH5ad(fixture('dense.h5ad'), { group: name });
      expect(ds.groups).toEqual({ name, values: expected.dense.obs[name] });
    }
  });

  it('reads the anndata 0.7 categorical layout (codes with obs/__categories)', async () => {
    const ds = await loadH5ad(fixture('legacy.h5ad'), { group: 'condition' });
    expect(ds.groups?.values).toEqual(expected.legacy.obs.condition);
  });

  it('densifies a CSR X and reads a CSR layer instead of X', async () => {
    const x = await loadH5ad(fixture('sparse.h5ad'), { group: 'condition' });
    expect(x.columns).toEqual(expected.sparse.columns);
    expect(rows(x.values, x.nCols)).toEqual(expected.sparse.X);
    expect(x.groups?.values).toEqual(expected.sparse.obs.condition);
    const counts = await loadH5ad(fixture('sparse.h5ad'), { layer: 'counts' });
    expect(rows(counts.values, counts.nCols)).toEqual(expected.sparse.counts);
  });

  it('reads gzip-compressed datasets (anndata compression="gzip")', async () => {
    const ds = await loadH5ad(fixture('gzip.h5ad'), { layer: 'counts', group: 'condition' });
    expect(rows(ds.values, ds.nCols)).toEqual(expected.sparse.counts);
    expect(ds.groups?.values).toEqual(expected.sparse.obs.condition);
  });

  it('densifies a CSC X', async () => {
    const ds = await loadH5ad(fixture('csc.h5ad'));
    expect(ds.columns).toEqual(expected.csc.columns);
    expect(rows(ds.values, ds.nCols)).toEqual(expected.csc.X);
  });

  it("with kind: 'counts' returns the CSR count matrix of a layer, equal to the dense reading", async () => {
    const ds = await loadH5ad(fixture('sparse.h5ad'), { layer: 'counts', kind: 'counts', group: 'condition' });
    expect(ds.kind).toBe('counts');
    expect(ds.vocabulary).toEqual(expected.sparse.columns);
    expect(ds.groups?.values).toEqual(expected.sparse.obs.condition);
    const dense = expected.sparse.counts.map((r) => r.slice());
    const fromCsr = dense.map((r) => r.map(() => 0));
    for (let i = 0; i < ds.nRows; i++) for (let k = ds.indptr[i]; k < ds.indptr[i + 1]; k++) fromCsr[i][ds.indices[k]] = ds.data[k];
    expect(fromCsr).toEqual(dense);
  });

  it("with kind: 'counts' rejects non-integer values naming the cell", async () => {
    const j = expected.sparse.X[0].findIndex((v) => v !== 0);
    await expect(loadH5ad(fixture('sparse.h5ad'), { kind: 'counts' })).rejects.toThrow(
      `sparse.h5ad: row 1 ('c0'), column '${expected.sparse.columns[j]}' (${j + 1}): expected a non-negative integer count, got ${expected.sparse.X[0][j]}`,
    );
  });
});

describe('loadH5ad errors', () => {
  const oneLine = async (promise: Promise<unknown>): Promise<string> => {
    const e = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(DataError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('names the file, the missing group column and the obs columns', async () => {
    expect(await oneLine(loadH5ad(fixture('dense.h5ad'), { group: 'condtion' }))).toBe(
      `${fixture('dense.h5ad')}: obs has no column 'condtion' for the groups; obs columns: condition, sample, batch`,
    );
  });

  it('names a missing layer and the layers there are', async () => {
    expect(await oneLine(loadH5ad(fixture('sparse.h5ad'), { layer: 'raw' }))).toBe(`${fixture('sparse.h5ad')}: has no layer 'raw'; layers: counts, weird`);
  });

  it('names an unsupported encoding', async () => {
    expect(await oneLine(loadH5ad(fixture('sparse.h5ad'), { layer: 'weird' }))).toBe(
      `${fixture('sparse.h5ad')}: layers/weird has the unsupported encoding 'awkward-array'; expected array, csr_matrix or csc_matrix`,
    );
  });

  it('names the cell whose group is missing', async () => {
    expect(await oneLine(loadH5ad(fixture('csc.h5ad'), { group: 'condition' }))).toBe(
      `${fixture('csc.h5ad')}: obs column 'condition' has no value (missing) for row 3 ('cell3'); every row needs a group`,
    );
  });

  it('rejects a file that is not HDF5, and a file that does not exist', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'latentkit-h5ad-'));
    const text = join(tmp, 'table.h5ad');
    writeFileSync(text, 'a,b\n1,2\n');
    expect(await oneLine(loadH5ad(text))).toBe(`${text}: not an HDF5 file (no HDF5 signature); expected an AnnData .h5ad file`);
    expect(await oneLine(loadH5ad(join(tmp, 'none.h5ad')))).toBe(`${join(tmp, 'none.h5ad')}: cannot read the file (ENOENT)`);
  });
});
