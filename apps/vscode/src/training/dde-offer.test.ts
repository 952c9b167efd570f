import { initBackend } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../plugins/discover.js';
import { runInspectJob } from './inspect-job.js';

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-dde-offer-'));
  registry = (await discoverPlugins({ specifiers: [], trusted: true })).registry;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV of 30 rows × 4 columns with cell (i, j) from `cell`. */
const csv = (name: string, cell: (i: number, j: number) => string): string => {
  const file = join(dir, name);
  writeFileSync(file, ['a,b,c,d', ...Array.from({ length: 30 }, (_, i) => [0, 1, 2, 3].map((j) => cell(i, j)).join(','))].join('\n'));
  return file;
};

describe('Train Model offers dde/dde', () => {
  it.each([
    ['binary', (i: number, j: number) => String((i >> j) & 1)],
    ['counts', (i: number, j: number) => String((i * (j + 1)) % 7)],
    ['real-valued', (i: number, j: number) => (Math.sin(i + j) * 3.5).toFixed(3)],
  ])('for a %s CSV (dense, nothing missing)', async (kind, cell) => {
    const result = await runInspectJob({ kind: 'inspect', file: csv(`${kind}.csv`, cell), load: {} }, registry);
    expect(result.models.find((m) => m.key === 'dde/dde')).toMatchObject({ fits: true, plugin: '@latentkit/models-dde@0.1.0' });
  });

  it('and says why not when a cell is missing', async () => {
    const result = await runInspectJob({ kind: 'inspect', file: csv('missing.csv', (i, j) => (i === 3 && j === 1 ? '' : '1')), load: {} }, registry);
    const offer = result.models.find((m) => m.key === 'dde/dde')!;
    expect(offer.fits).toBe(false);
    expect(offer.reason).toMatch(/missing/);
  });
});
