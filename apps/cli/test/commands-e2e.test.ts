import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, linesOf, workDir } from './helpers.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(APP, 'dist', 'cli.js');
const PACKAGES = join(APP, '..', '..', 'packages');

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : name.endsWith('.ts') && !name.endsWith('.test.ts') ? s.mtimeMs : 0);
  }
  return newest;
}

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  const sources = [join(APP, 'src'), ...readdirSync(PACKAGES).map((p) => join(PACKAGES, p, 'src'))];
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(...sources.map(newestSource))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: APP, stdio: 'pipe' });
  }
  w = await workDir('commands-e2e');
}, 120_000);
afterAll(() => w.cleanup());

const cli = (args: readonly string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe('dist/cli.js: commands that act on their own hints', () => {
  it('a model fitted with relative paths in one folder is reported from another working directory', async () => {
    const project = join(w.dir, 'project');
    await mkdir(join(project, 'data'), { recursive: true });
    await copyFile(join(DATA_DIR, 'faithful.csv'), join(project, 'data', 'faithful.csv'));
    const fit = cli(['fit', 'mixture/gmm', 'data/faithful.csv', '--set', 'nComponents=2', '--out', 'gmm.json'], project);
    expect(fit.status).toBe(0);
    const saved = JSON.parse(await readFile(join(project, 'gmm.json'), 'utf8'));
    expect(saved.data.source).toBe('data/faithful.csv');
    expect(saved.data.file).toEqual({ absolute: join(project, 'data', 'faithful.csv'), relative: join('data', 'faithful.csv') });
    // From elsewhere, data/faithful.csv means nothing: the recorded paths find the data.
    const elsewhere = join(w.dir, 'elsewhere');
    await mkdir(elsewhere);
    const report = cli(['report', join(project, 'gmm.json'), '--out', 'report.html'], elsewhere);
    expect(report.status).toBe(0);
    expect(linesOf(report.stderr)).toEqual(['report written to report.html']);
    expect(await readFile(join(elsewhere, 'report.html'), 'utf8')).toContain('(its 218 train rows)');
  });

  it('transform without --out pipes CSV into head, with nothing on stderr', () => {
    expect(cli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=2', '--out', 'pipe.json'], w.dir).status).toBe(0);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" transform pipe.json faithful.csv | head -n 3`], { cwd: w.dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('component1,component2');
  });

  it('a bad --out fails at once with one line, and select with a failing K still exits 0', () => {
    const bad = cli(['fit', 'mixture/gmm', 'faithful.csv', '--out', 'nowhere/gmm.json'], w.dir);
    expect(bad.status).toBe(1);
    expect(linesOf(bad.stderr)).toEqual([`latentkit: --out nowhere/gmm.json: the folder ${join(w.dir, 'nowhere')} does not exist`]);
    const select = cli(['select', 'mixture/gmm', 'faithful.csv', '--k', '2,300', '--json'], w.dir);
    expect(select.status).toBe(0);
    const out = JSON.parse(select.stdout);
    expect(out.best).toBe(2);
    expect(out.rows[1]).toEqual({ k: 300, setting: { nComponents: 300 }, error: 'mixture/gmm: nComponents=300 is more than the 218 rows of the data' });
  });

  it('list <key> prints the parameters, and an unknown key one line with a suggestion', () => {
    const r = cli(['list', 'factor/ppca'], w.dir);
    expect(r.status).toBe(0);
    expect(linesOf(r.stdout)[0]).toMatch(/^factor\/ppca \(model, @latentkit\/models-factor@/);
    const typo = cli(['list', 'factor/ppcaa'], w.dir);
    expect(typo.status).toBe(1);
    expect(linesOf(typo.stderr)).toEqual(["latentkit: unknown plugin key 'factor/ppcaa'; did you mean factor/ppca?"]);
  });
});
