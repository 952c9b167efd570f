import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

// Written by tooling/reference/anndata_fixtures.py with anndata 0.8.0: 40 cells × 8 genes, obs 'condition'
// (20 control, then 20 treated), raw counts in layers/counts, log1p counts in X (both CSR).
const SPARSE = fileURLToPath(new URL('../../../tooling/reference/fixtures/anndata/sparse.h5ad', import.meta.url));
const DENSE = fileURLToPath(new URL('../../../tooling/reference/fixtures/anndata/dense.h5ad', import.meta.url));
const GENES = Array.from({ length: 8 }, (_, j) => `gene${j + 1}`);
const TINY = ['--set', 'sharedDim=2', '--set', 'salientDim=1', '--set', 'hiddenUnits=8', '--set', 'epochs=3', '--set', 'batchSize=20'];

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('h5ad');
});
afterAll(() => w.cleanup());

describe('.h5ad data files', () => {
  it('fits contrastive/cvae with --group from obs and a layer, and transform writes shared, salient and group columns', async () => {
    const model = join(w.dir, 'cvae.json');
    const group = ['--group', 'condition', '--h5ad-layer', 'counts'];
    const r = await run(['fit', 'contrastive/cvae', SPARSE, ...group, '--background-value', 'control', ...TINY, '--seed', '1', '--out', model, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect([summary.n, summary.d, summary.params.background]).toEqual([40, 8, 'control']);
    expect(JSON.parse(await readFile(model, 'utf8')).data.columns).toEqual(GENES);

    const out = join(w.dir, 'latents.csv');
    const t = await run(['transform', model, SPARSE, ...group, '--out', out]);
    expect(t.code, t.stderr).toBe(0);
    const lines = linesOf(await readFile(out, 'utf8'));
    const header = lines[0].split(',');
    expect(header.filter((c) => c.startsWith('shared'))).toHaveLength(2);
    expect(header.filter((c) => c.startsWith('salient'))).toHaveLength(1);
    expect(header.at(-1)).toBe('condition');
    expect(lines).toHaveLength(41);
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual([...Array(20).fill('control'), ...Array(20).fill('treated')]);

    const s = await run(['score', model, SPARSE, ...group, '--json']);
    expect(s.code, s.stderr).toBe(0);
    // report reads the training file recorded in the model, with the same --group and --h5ad-layer.
    const report = await run(['report', model, '--out', join(w.dir, 'r.html'), ...group]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toMatch(/could not be used/);
  });

  it('refuses --h5ad-layer for other files and --delimiter for .h5ad files, in one line', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--h5ad-layer', 'counts']);
    expect(r.stderr).toBe(`latentkit: --h5ad-layer reads a layer of an AnnData .h5ad file, but ${w.faithful} is not one\n`);
    const d = await run(['fit', 'mixture/gmm', DENSE, '--delimiter', ';']);
    expect(d.stderr).toBe(
      `latentkit: --delimiter applies to delimited text (.csv, .tsv, .tab, .txt, or - for standard input), but ${DENSE} is an AnnData file\n`,
    );
  });

  it('names the obs columns when the group column does not exist', async () => {
    const r = await run(['fit', 'contrastive/cvae', DENSE, '--group', 'treatment', ...TINY]);
    expect(r.stderr).toBe(`latentkit: ${DENSE}: obs has no column 'treatment' for the groups; obs columns: condition, sample, batch\n`);
  });

  it('selects genes by name with --columns', async () => {
    const r = await run(['fit', 'mixture/gmm', DENSE, '--columns', 'LYZ,CD3E', '--set', 'nComponents=1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).d).toBe(2);
  });
});
