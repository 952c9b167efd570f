import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainResult, WorkerSetup } from '../src/training/protocol.js';
import { startJob } from '../src/training/worker-runner.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(APP, 'dist');

let dir: string;
beforeAll(() => {
  if (!existsSync(join(DIST, 'pool-worker.cjs'))) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: APP, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'latentkit-pool-'));
  // 20,000 rows: three row blocks of 8,192, so that two pool workers each hold some.
  const rows = Array.from({ length: 20_000 }, (_, i) => [0, 1].map((j) => ((i % 2) * 5 + Math.sin(i * 12.9898 + j * 78.233) * 1.5).toFixed(6)).join(','));
  writeFileSync(join(dir, 'blocks.csv'), `a,b\n${rows.join('\n')}\n`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dist/worker.cjs with latentkit.threads', () => {
  it('trains on its bundled pool workers (dist/pool-worker.cjs) with the same bits as one thread', async () => {
    const models = [];
    for (const threads of [1, 2]) {
      const setup: WorkerSetup = { backend: 'wasm', wasmDir: `${join(DIST, 'wasm')}/`, pluginSpecifiers: [], trusted: true, threads };
      const outFile = join(dir, `threads-${threads}.json`);
      const job = {
        kind: 'train',
        file: join(dir, 'blocks.csv'),
        load: {},
        key: 'mixture/gmm',
        params: { nComponents: 2, maxIter: 4 },
        seed: 0,
        outFile,
      } as const;
      expect((await startJob(join(DIST, 'worker.cjs'), setup, job).result) as TrainResult).toMatchObject({ status: 'saved' });
      models.push(JSON.parse(readFileSync(outFile, 'utf8')));
    }
    expect(models.map((m) => m.provenance.threads)).toEqual([1, 2]);
    expect(models[1].state).toEqual(models[0].state);
    expect(models[1].fit.trace).toEqual(models[0].fit.trace);
  });
});
