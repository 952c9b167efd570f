import { initBackend } from '@latentkit/core';
import { contrastiveSim } from '@latentkit/datasets';
import type { Registry, ScatterView } from '@latentkit/registry';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { buildPreview } from '../preview/build-preview.js';
import { runInspectJob } from './inspect-job.js';
import { runTrainJob } from './train-job.js';

let dir: string;
let file: string;
let registry: Registry;
const never = new AbortController().signal;

/** contrastiveSim's rows (60 background, then 40 target) as a CSV with the group column `condition` and a third group. */
function groupCsv(): string {
  const { data } = contrastiveSim({ nBackground: 60, nTarget: 40, dx: 4, seed: 3 });
  const lines = [[...data.columns, 'condition'].join(',')];
  for (let i = 0; i < data.nRows; i++) {
    const row = Array.from(data.values.subarray(i * data.nCols, (i + 1) * data.nCols), (v) => v.toFixed(5));
    // Every tenth target row is a third group, 'other', which the fit below leaves out.
    const g = data.groups!.values[i] === 'target' && i % 10 === 0 ? 'other' : data.groups!.values[i];
    lines.push([...row, g].join(','));
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-groups-'));
  file = join(dir, 'groups.csv');
  writeFileSync(file, groupCsv());
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('row groups in the training worker', () => {
  it('inspect: a model that needs row groups fits once a group column is chosen, which reports the rows per group', async () => {
    const plain = await runInspectJob({ kind: 'inspect', file, load: { label: 'condition' } }, registry);
    expect(plain.models.find((m) => m.key === 'contrastive/cvae')).toMatchObject({ fits: true, needsGroups: true });
    expect(plain.models.find((m) => m.key === 'mixture/gmm')?.needsGroups).toBeUndefined();
    const grouped = await runInspectJob({ kind: 'inspect', file, load: { group: 'condition' } }, registry);
    expect(grouped.groups).toEqual({
      name: 'condition',
      counts: [
        { value: 'background', rows: 60 },
        { value: 'other', rows: 4 },
        { value: 'target', rows: 36 },
      ],
    });
    expect(grouped.models.find((m) => m.key === 'contrastive/cvae')).toMatchObject({ fits: true });
  });

  it('inspect: a column with one group only is refused in one line', async () => {
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'a,b,condition\n1,2,target\n3,4,target\n5,6,target\n');
    const r = await runInspectJob({ kind: 'inspect', file: one, load: { group: 'condition' } }, registry);
    expect(r.models.find((m) => m.key === 'contrastive/cvae')?.reason).toBe(
      `contrastive/cvae needs at least 2 row groups, but the group column 'condition' of ${one} has only the value 'target'`,
    );
  });

  it('train and preview: fits on the kept groups, remembers the choice, and the preview colours both blocks by group', async () => {
    const outFile = join(dir, 'groups.cvae.latentkit.json');
    const load = { group: 'condition', background: 'background', targets: ['target'] };
    const params = { sharedDim: 2, salientDim: 2, hiddenUnits: '[16]', epochs: 3, batchSize: 32 };
    const result = await runTrainJob({ kind: 'train', file, load, key: 'contrastive/cvae', params, seed: 0, outFile }, registry, {
      signal: never,
      onProgress: () => {},
    });
    expect(result.status).toBe('saved');
    const saved = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(saved.preview.load).toEqual(load);
    // The 4 'other' rows are left out: 60 background + 36 target rows are fitted.
    expect(saved.data.nRows).toBe(96);
    const content = await buildPreview(outFile, registry);
    const scatters = content.views.filter((v): v is ScatterView => v.kind === 'scatter');
    expect(scatters.map((v) => v.title)).toEqual(['Shared latents (posterior means)', 'Salient latents (posterior means)']);
    for (const s of scatters) {
      expect(s.points.filter((p) => p.group === 'background')).toHaveLength(60);
      expect(s.points.filter((p) => p.group === 'target')).toHaveLength(36);
    }
    expect(content.latent?.colourings.some((c) => c.name === 'condition')).toBe(true);
  });

  it('train: a background value the column does not hold is a one-line error', async () => {
    const load = { group: 'condition', background: 'control' };
    const job = { kind: 'train', file, load, key: 'contrastive/cvae', params: { epochs: 1 }, seed: 0, outFile: join(dir, 'x.json') } as const;
    await expect(runTrainJob(job, registry, { signal: never, onProgress: () => {} })).rejects.toThrow(
      `background group 'control' is not a value of the group column 'condition' of ${file}; values found: 'background', 'other', 'target' (set it with the background value of Train Model)`,
    );
  });
});
