import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainCommand } from '../src/commands/main.js';
import { captureWriter } from '../src/io.js';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('report-iterations');
});
afterAll(() => w.cleanup());

/** 40 rows × 300 columns x1..x300 of a seeded pseudo-random walk (a rank-2 signal plus noise). */
function wideCsv(): string {
  const d = 300;
  const header = Array.from({ length: d }, (_, j) => `x${j + 1}`).join(',');
  const rows = Array.from({ length: 40 }, (_, i) =>
    Array.from({ length: d }, (_, j) => (Math.sin(i * 0.7 + j * 0.01) + Math.cos(i * 0.3 - j * 0.02) + 0.1 * Math.sin(i * 13.1 + j * 7.7)).toFixed(4)).join(
      ',',
    ),
  );
  return `${header}\n${rows.join('\n')}\n`;
}

describe('reports of wide data', () => {
  it('summarise the 300 columns in one line instead of listing them', async () => {
    const data = await w.file('wide.csv', wideCsv());
    const model = join(w.dir, 'wide.json');
    expect((await run(['fit', 'factor/ppca', data, '--set', 'nComponents=2', '--out', model])).code).toBe(0);
    const html = join(w.dir, 'wide.html');
    expect((await run(['report', model, '--out', html])).code).toBe(0);
    const text = await readFile(html, 'utf8');
    expect(text).toContain('<td>300 columns: x1, x2, x3, …, x300</td>');
    expect(text).not.toContain('x149, x150');
  });
});

describe('fits whose iteration count is fixed by design', () => {
  it('LDA with tol = 0 (its default) says "fixed count", never "not converged", in fit, --json, the model file and report', async () => {
    const model = join(w.dir, 'lda.json');
    const args = ['fit', 'topic/lda', 'datasets/lda-corpus', '--data', 'nDocs=40', '--data', 'vocabSize=30', '--set', 'nComponents=3', '--set', 'maxIter=4'];
    const r = await run([...args, '--out', model]);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)).toContain('  iterations: 4 (fixed count)');
    expect(r.stdout).not.toContain('not converged');
    const json = JSON.parse((await run([...args, '--json'])).stdout);
    expect([json.iterations, json.converged, json.fixedIterations]).toEqual([4, false, true]);
    expect(JSON.parse(await readFile(model, 'utf8')).fit.fixedIterations).toBe(true);
    const html = join(w.dir, 'lda.html');
    expect((await run(['report', model, '--out', html])).code).toBe(0);
    const text = await readFile(html, 'utf8');
    expect(text).toContain('<td>n/a (fixed count)</td>');
    expect(text).not.toMatch(/<td>false<\/td>/);
  });

  it('LDA with a tolerance that it does not reach within maxIter is "not converged"; GMM that stops on its tolerance is "converged"', async () => {
    const lda = await run([
      'fit',
      'topic/lda',
      'datasets/lda-corpus',
      '--data',
      'nDocs=40',
      '--set',
      'nComponents=3',
      '--set',
      'maxIter=2',
      '--set',
      'tol=1e-12',
    ]);
    expect(linesOf(lda.stdout)).toContain('  iterations: 2 (not converged)');
    const gmm = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2']);
    expect(linesOf(gmm.stdout).find((l) => l.startsWith('  iterations:'))).toMatch(/^ {2}iterations: \d+ \(converged\)$/);
    const json = JSON.parse((await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--json'])).stdout);
    expect(json.fixedIterations).toBe(false);
  });

  it('a VAE trained for a number of epochs says "fixed count"', async () => {
    const r = await run(['fit', 'vae/vae', w.faithful, '--set', 'latentDim=1', '--set', 'hiddenUnits=4', '--set', 'epochs=3']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)).toContain('  iterations: 3 (fixed count)');
  });

  it('main\'s report says "fixed count" for such a fit', async () => {
    const out = join(w.dir, 'main');
    const stdout = captureWriter();
    await mainCommand(
      { out, jobs: [{ model: 'topic/lda', dataset: 'datasets/lda-corpus', params: { nComponents: 3, maxIter: 3 } }] },
      { stdout, stderr: captureWriter() },
    );
    expect(stdout.text()).not.toContain('not converged');
    const text = await readFile(join(out, 'report.html'), 'utf8');
    expect(text).toContain('<td>3 (fixed count)</td>');
    expect(text).not.toContain('not converged');
  });
});
