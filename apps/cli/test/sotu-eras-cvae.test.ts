import { initBackend } from '@latentkit/core';
import { loadSotuEras } from '@latentkit/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('sotu-eras');
});
afterAll(() => w.cleanup());

// 1000-token documents keep the fit small: 791 rows (562 background, 229 target) over the 500 words.
const DATA = ['datasets/sotu-eras', '--data', 'year=1945', '--data', 'chunk=1000'];
const SET = ['sharedDim=2', 'salientDim=2', 'epochs=2', 'hiddenUnits=16', 'likelihood=negative-binomial'].flatMap((s) => ['--set', s]);

describe('latentkit fit contrastive/cvae datasets/sotu-eras', () => {
  it('fits the two eras as row groups without --group, and transform writes shared, salient and the group column', async () => {
    const ds = await loadSotuEras({ year: 1945, chunk: 1000 });
    const model = await w.file('cvae.json');
    const fit = await run(['fit', 'contrastive/cvae', ...DATA, ...SET, '--json', '--out', model]);
    expect(fit.code, fit.stderr).toBe(0);
    // The words 'class' and 'year' are columns: no class-label note for a dataset that keeps its labels apart.
    expect(ds.columns).toContain('class');
    expect(fit.stderr).not.toMatch(/looks like a class label/);
    const summary = JSON.parse(fit.stdout);
    const nTrain = ds.split!.filter((s) => s === 'train').length;
    expect([summary.n, summary.d, summary.iterations]).toEqual([nTrain, 500, 2]);
    for (const part of [summary.train, summary.test]) {
      expect(Number.isFinite(part['elbo:background']) && Number.isFinite(part['elbo:target'])).toBe(true);
    }

    const t = await run(['transform', model, ...DATA]);
    expect(t.code, t.stderr).toBe(0);
    const lines = linesOf(t.stdout);
    expect(lines[0]).toBe('shared1,shared2,salient1,salient2,group');
    expect(lines.length - 1).toBe(ds.nRows);
    const groups = lines.slice(1).map((l) => l.split(',').at(-1));
    expect(groups).toEqual(ds.groups!.values);
    expect(
      lines.slice(1).every((l) =>
        l
          .split(',')
          .slice(0, 4)
          .every((v) => Number.isFinite(Number(v))),
      ),
    ).toBe(true);
  });
});
