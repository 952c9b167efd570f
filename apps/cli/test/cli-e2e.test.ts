import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, workDir } from './helpers.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(APP, 'dist', 'cli.js');
const SOURCES = [
  join(APP, 'src'),
  ...['core', 'registry', 'app', 'inference', 'datasets', 'models-mixture', 'models-factor'].map((p) => join(APP, '..', '..', 'packages', p, 'src')),
];

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : name.endsWith('.test.ts') ? 0 : s.mtimeMs);
  }
  return newest;
}

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  const stale = !existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(...SOURCES.map(newestSource), statSync(join(APP, 'esbuild.mjs')).mtimeMs);
  if (stale) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: APP, stdio: 'pipe' });
  w = await workDir('e2e');
}, 120_000);
afterAll(() => w.cleanup());

const cli = (args: readonly string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: w.dir, encoding: 'utf8', env: { ...process.env, ...env } });

describe('dist/cli.js', () => {
  it('is an executable node script', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('fits faithful with --json and --out, then scores, transforms, samples and reports', async () => {
    const fit = cli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=2', '--json', '--out', 'model.json']);
    expect(fit.status).toBe(0);
    const lines = linesOf(fit.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(['wasm', 'tensorflow']).toContain(out.backend);
    expect(Number.isFinite(out.train.logLikelihood)).toBe(true);
    expect(Number.isFinite(out.test.logLikelihood)).toBe(true);

    const score = cli(['score', 'model.json', 'faithful.csv', '--json']);
    expect(score.status).toBe(0);
    expect(JSON.parse(score.stdout).scores.logLikelihood).toBeCloseTo((218 * out.train.logLikelihood + 54 * out.test.logLikelihood) / 272, 10);

    expect(cli(['transform', 'model.json', 'faithful.csv', '--out', 'latents.csv']).status).toBe(0);
    expect(linesOf(await readFile(join(w.dir, 'latents.csv'), 'utf8'))).toHaveLength(273);

    expect(cli(['sample', 'model.json', '-n', '10', '--out', 'sample.csv']).status).toBe(0);
    expect(linesOf(await readFile(join(w.dir, 'sample.csv'), 'utf8'))[0]).toBe('eruptions,waiting,component');

    const report = cli(['report', 'model.json', '--out', 'report.html']);
    expect(report.status).toBe(0);
    const html = await readFile(join(w.dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:/i);
  });

  it('fits a registered dataset by key, its bundled file found next to the bundle, and names unknown keys in one line', () => {
    const fit = cli(['fit', 'mixture/gmm', 'datasets/iris', '--set', 'nComponents=3', '--json']);
    expect(fit.status, fit.stderr).toBe(0);
    expect(JSON.parse(fit.stdout)).toMatchObject({ model: 'mixture/gmm', n: 120, d: 4 });
    const sim = cli(['fit', 'mixture/gmm', 'datasets/synthetic-gmm', '--data', 'n=200', '--data', 'seed=5', '--set', 'nComponents=3', '--json']);
    expect(sim.status, sim.stderr).toBe(0);
    expect(JSON.parse(sim.stdout)).toMatchObject({ n: 160, d: 2 });
    const bad = cli(['fit', 'mixture/gmm', 'datasets/nope']);
    expect(bad.status).toBe(1);
    expect(linesOf(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toMatch(/^latentkit: unknown dataset 'datasets\/nope' \(and no file of that name\); registered datasets: .*datasets\/iris/);
  });

  it('fits with --threads 2 on its bundled worker (dist/worker.js) with the same bits as --threads 1', async () => {
    // 20,000 rows: three row blocks of 8,192, so two workers each hold some.
    const rows = Array.from({ length: 20_000 }, (_, i) => [0, 1, 2].map((j) => ((i % 3) * 4 + Math.sin(i * 12.9898 + j * 78.233) * 1.5).toFixed(6)).join(','));
    await writeFile(join(w.dir, 'blocks.csv'), `a,b,c\n${rows.join('\n')}\n`);
    const files = [];
    for (const threads of ['1', '2']) {
      const fit = cli([
        'fit',
        'mixture/gmm',
        'blocks.csv',
        '--set',
        'nComponents=3',
        '--set',
        'maxIter=5',
        '--threads',
        threads,
        '--out',
        `threads-${threads}.json`,
      ]);
      expect(fit.stderr).not.toMatch(/error/i);
      expect(fit.status).toBe(0);
      files.push(JSON.parse(await readFile(join(w.dir, `threads-${threads}.json`), 'utf8')));
    }
    expect(files.map((f) => f.provenance.threads)).toEqual([1, 2]);
    expect(files[1].state).toEqual(files[0].state);
    expect(files[1].fit.trace).toEqual(files[0].fit.trace);
    expect(cli(['fit', 'mixture/gmm', 'blocks.csv', '--threads', '0']).stderr).toMatch(/--threads expects an integer >= 1, got '0'/);
  });

  it('runs on the cpu backend when asked, warning once', () => {
    const r = cli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=2', '--json'], { LATENTKIT_BACKEND: 'cpu' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).backend).toBe('cpu');
    expect(r.stderr.match(/running on the tfjs cpu backend/g)).toHaveLength(1);
  });

  it('fails with one line and exit 1 on bad input', async () => {
    await w.file('empty.csv', '');
    const r = cli(['fit', 'mixture/gmm', 'empty.csv', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr)).toEqual(['latentkit: empty.csv: empty file (expected a header row and data rows)']);
    const bad = cli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=0']);
    expect(bad.status).toBe(1);
    expect(linesOf(bad.stderr)).toHaveLength(1);
    const env = cli(['list'], { LATENTKIT_BACKEND: 'gpu' });
    expect(env.status).toBe(1);
    expect(linesOf(env.stderr)).toEqual(['latentkit: LATENTKIT_BACKEND=gpu is not a backend; expected one of tensorflow-gpu, tensorflow, wasm, cpu']);
  });

  it('fits and scores a file with empty cells, and names the first one for a model without missing values', async () => {
    await w.file('holes.csv', 'a,b\n1,2\n2,\n3,4.5\n,3\n5,6\n6,5.5\n');
    const fit = cli(['fit', 'mixture/gmm', 'holes.csv', '--set', 'nComponents=1', '--json', '--out', 'holes.json']);
    expect(fit.status).toBe(0);
    const score = cli(['score', 'holes.json', 'holes.csv', '--json']);
    expect(JSON.parse(score.stdout).scores.logLikelihood).toBeCloseTo(JSON.parse(fit.stdout).train.logLikelihood, 10);
    const fa = cli(['fit', 'factor/fa', 'holes.csv', '--set', 'nComponents=1']);
    expect(fa.status).toBe(1);
    expect(linesOf(fa.stderr)).toEqual([
      "latentkit: holes.csv:3: column 'b' (2): missing value (empty cell), but factor/fa does not accept missing values; models that do: factor/ppca (--set method=em), mixture/gmm",
    ]);
  });

  it('stops on Ctrl-C with exit 130 and leaves --out untouched', async () => {
    // 20,000 rows of 4 columns from a fixed linear congruential generator: a fit with tol = 0 runs until interrupted.
    let s = 12345;
    const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = ['a,b,c,d'];
    for (let i = 0; i < 20_000; i++) rows.push([u(), u(), u() + (i % 3), u()].map((v) => v.toFixed(6)).join(','));
    await w.file('big.csv', `${rows.join('\n')}\n`);
    const out = await w.file('keep.json', 'KEEP');
    const child = spawn(
      process.execPath,
      [CLI, 'fit', 'mixture/gmm', 'big.csv', '--set', 'nComponents=4', '--set', 'tol=0', '--set', 'maxIter=1000000', '--out', out],
      {
        cwd: w.dir,
      },
    );
    let stderr = '';
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('iteration')) resolve();
      });
      child.on('close', () => reject(new Error(`exited before the first progress line: ${stderr}`)));
    });
    child.kill('SIGINT');
    expect(await done).toBe(130);
    expect(stderr).toContain('latentkit: cancelled; nothing was written');
    expect(await readFile(out, 'utf8')).toBe('KEEP');
  }, 60_000);

  it("reads CSV piped to '-' (plain or gzipped) like the file, and names <stdin> and the line in errors", async () => {
    const csv = await readFile(w.faithful, 'utf8');
    const args = ['fit', 'mixture/gmm', '-', '--set', 'nComponents=2', '--json'];
    const fromFile = JSON.parse(cli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=2', '--json']).stdout);
    for (const input of [csv, gzipSync(csv)]) {
      const piped = spawnSync(process.execPath, [CLI, ...args], { cwd: w.dir, encoding: 'utf8', input });
      expect(piped.status, piped.stderr).toBe(0);
      expect(JSON.parse(piped.stdout)).toMatchObject({ n: 218, d: 2, train: fromFile.train, test: fromFile.test });
      expect(linesOf(piped.stderr)).toEqual(['note: <stdin> has a split column: fitting its 218 train rows, scoring its 54 test rows']);
    }
    const bad = spawnSync(process.execPath, [CLI, ...args], { cwd: w.dir, encoding: 'utf8', input: 'a;b\n1;2\n3;1e20\n' });
    expect(bad.status).toBe(1);
    expect(linesOf(bad.stderr)).toEqual([
      "note: <stdin>: reading ';'-separated columns (detected); pass --delimiter to override",
      "latentkit: <stdin>:3: column 'b' (2): 1e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column",
    ]);
  });
});
