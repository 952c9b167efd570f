import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm bench` is not run by the test command (minutes, and it needs a quiet machine), so nothing else would notice a
// benchmark script that no longer runs against today's API (tooling/bench/fa.mjs crashed for weeks after plugin
// API 2). The smoke run executes every registered benchmark's latentkit side on small sizes and no reference side.

const here = dirname(fileURLToPath(import.meta.url));
const run = join(here, '..', 'run.mjs');
mkdirSync(join(here, '..', '.tmp'), { recursive: true });

interface Row {
  name: string;
  latentkit: { msPerIter: number; meanLogLik: number };
  check: string;
}

describe('pnpm bench --smoke', () => {
  it('runs every benchmark script and reads a finite time and check value from each', () => {
    const r = spawnSync(process.execPath, [run, '--smoke', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rows: Row[]; smoke: boolean; reference: boolean };
    expect(summary.smoke).toBe(true);
    expect(summary.reference).toBe(false);
    expect(summary.rows.map((row) => row.name)).toEqual(['gmm-em', 'fa-fit', 'lda-batch', 'vae-mnist-epoch', 'dde-saem', 'sparse-vae-synthetic']);
    for (const row of summary.rows) {
      expect(row.check, row.name).toBe('smoke run');
      expect(row.latentkit.msPerIter, row.name).toBeGreaterThan(0);
      expect(Number.isFinite(row.latentkit.msPerIter), row.name).toBe(true);
      // The value each side's result is checked against the reference with (dde-saem has no reference side).
      if (row.name !== 'dde-saem') expect(Number.isFinite(row.latentkit.meanLogLik), row.name).toBe(true);
    }
  });

  it('fails, naming the script, when a benchmark script no longer runs against the API', () => {
    // A scratch copy of the runner beside a copy of fa.mjs that imports an export the package does not have (as a
    // renamed or removed API would). It sits under tooling/bench/.tmp so that @latentkit/* resolve as they do here.
    const scratch = mkdtempSync(join(here, '..', '.tmp', 'smoke-'));
    try {
      for (const f of ['run.mjs', 'smoke.mjs', 'digits.csv']) copyFileSync(join(here, '..', f), join(scratch, f));
      const fa = readFileSync(join(here, '..', 'fa.mjs'), 'utf8');
      expect(fa).toContain('import { fa, faDefaults }');
      writeFileSync(join(scratch, 'fa.mjs'), fa.replace('import { fa, faDefaults }', 'import { fa, faDefaults, faRemovedExport }'));
      const r = spawnSync(process.execPath, [join(scratch, 'run.mjs'), '--smoke', '--only', 'fa-fit'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/fa-fit: .*fa\.mjs exited with 1/);
      expect(r.stderr).toContain('faRemovedExport');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
