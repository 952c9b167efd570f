import { initBackend } from '@latentkit/core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mainCommand, type MainRow } from '../src/commands/main.js';
import { MAIN_JOBS } from '../src/commands/main-jobs.js';
import { captureWriter } from '../src/io.js';
import { linesOf, run, SKLEARN_FAITHFUL_K2, workDir, type RunResult } from './helpers.js';

// `latentkit main` fits every job (LDA on SOTU and the Sparse VAE among them), so it runs once, from the command
// line: the spy hands the tests the rows that this one run's mainCommand returned.
vi.mock('../src/commands/main.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/commands/main.js')>();
  return { ...actual, mainCommand: vi.fn(actual.mainCommand) };
});

let w: Awaited<ReturnType<typeof workDir>>;
let dir: string;
let r: RunResult;
let rows: MainRow[];
beforeAll(async () => {
  await initBackend();
  w = await workDir('main');
  dir = join(w.dir, 'out');
  r = await run(['main', '--out', dir]);
  const calls = vi.mocked(mainCommand).mock.results;
  expect(calls).toHaveLength(1);
  rows = (await calls[0].value).rows;
}, 600_000);
afterAll(() => w.cleanup());

describe('latentkit main', () => {
  it('fits every job, writes the model files and one report, and prints the summary table', async () => {
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines[0]).toMatch(/^model +data +K +score +train +test +BIC +iterations +seconds +backend$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['mixture/gmm', 'faithful', '2'],
      ['mixture/gmm', 'iris', '3'],
      ['mixture/gmm', 'penguins', '3'],
    ]);
    expect(lines.at(-1)).toBe(`report: ${join(dir, 'report.html')}`);
    const expectedFiles = MAIN_JOBS.map((j) => `${j.model.replace('/', '-')}-${j.dataset.replace(/^datasets\//, '')}.json`);
    expect((await readdir(dir)).sort()).toEqual([...new Set(expectedFiles), 'report.html'].sort());
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect((html.match(/<section /g) ?? []).length).toBe(MAIN_JOBS.length);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(MAIN_JOBS.length);
    expect(html).not.toContain('could not be rendered');
    expect(html).not.toMatch(/<script|https?:/i);
    expect(html).toContain('mixture/gmm on penguins (K=3)');
  });

  it('shows K for every job: components, factors and topics, and the latent dimensions of the Sparse VAE', async () => {
    // The jobs' own settings, or the model's default (Sparse VAE: latentDim 5, the reference simulation's K).
    const expected: Record<string, number> = { 'topic/lda': 10, 'vae/sparse-vae': 5, 'factor/fa': 3, 'factor/ppca': 2 };
    for (const [model, k] of Object.entries(expected)) expect(rows.find((row) => row.model === model)?.k, model).toBe(k);
    expect(rows.every((row) => row.k !== null)).toBe(true);
    const line = linesOf(r.stdout).find((l) => l.startsWith('vae/sparse-vae '));
    expect(line?.split(/\s+/).slice(0, 3)).toEqual(['vae/sparse-vae', 'sparse-vae-sim', '5']);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('vae/sparse-vae on sparse-vae-sim (K=5)');
  });

  it('returns rows whose numbers match scikit-learn on faithful and are finite elsewhere', async () => {
    expect(rows).toHaveLength(MAIN_JOBS.length);
    const faithful = rows[0];
    // main fits with the default tol = 1e-3 on the change of the mean log-likelihood, so it stops within a few
    // 1e-3 of the optimum that scikit-learn reaches with tol = 1e-10; 0.01 nats covers that.
    expect(Math.abs(faithful.train - SKLEARN_FAITHFUL_K2.trainLogLikelihood)).toBeLessThan(0.01);
    expect(Math.abs(faithful.test! - SKLEARN_FAITHFUL_K2.testLogLikelihood)).toBeLessThan(0.01);
    // BIC = −2·N·mean log-likelihood + p·log N with p = 11 free parameters (K = 2, D = 2, full covariances).
    expect(faithful.bic).toBeCloseTo(-2 * 218 * faithful.train + 11 * Math.log(218), 6);
    for (const row of rows) {
      expect(Number.isFinite(row.train)).toBe(true);
      expect(Number.isFinite(row.test!)).toBe(true);
      expect(row.score).toMatch(/^[A-Za-z]+$/);
      if (row.model.startsWith('mixture/') || row.model.startsWith('factor/')) expect(row.score).toBe('logLikelihood');
    }
  });

  it('runs the jobs it is given, one table entry per fit', async () => {
    const stdout = captureWriter();
    const given = await mainCommand(
      {
        out: join(w.dir, 'out3'),
        jobs: [
          { model: 'mixture/gmm', dataset: 'datasets/iris', params: { nComponents: 2, covarianceType: 'diag' } },
          // One hidden layer given as a single width: the API form of `--set hiddenUnits=8`.
          { model: 'vae/vae', dataset: 'datasets/iris', params: { latentDim: 2, hiddenUnits: 8, epochs: 2, batchSize: 32 } },
        ],
      },
      { stdout, stderr: captureWriter() },
    );
    expect(given.rows.map((row) => [row.data, row.k])).toEqual([
      ['iris', 2],
      ['iris', 2],
    ]);
    const saved = JSON.parse(await readFile(given.rows[0].modelFile, 'utf8'));
    expect(saved.params.covarianceType).toBe('diag');
    expect(JSON.parse(await readFile(given.rows[1].modelFile, 'utf8')).params.hiddenUnits).toEqual([8]);
  });
});
