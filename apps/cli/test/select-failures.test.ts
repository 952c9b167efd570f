import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, SKLEARN_FAITHFUL_K2, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('select-failures');
});
afterAll(() => w.cleanup());

const TOO_MANY = `mixture/gmm: nComponents=300 is more than the ${SKLEARN_FAITHFUL_K2.nTrain} rows of the data`;

describe('latentkit select with a K that fails', () => {
  it('prints the failed row with its reason, keeps the others, and picks the best among them (exit 0)', async () => {
    const before = tf.memory().numTensors;
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '1,2,300']);
    expect(r.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    const lines = linesOf(r.stdout);
    expect(lines[1]).toMatch(/^ {2} *K +logLikelihood +BIC +AIC +parameters +iterations +test logLikelihood$/);
    expect(lines[2].trim().split(/\s+/)[0]).toBe('1');
    expect(lines[3].trim().split(/\s+/)[0]).toBe('2');
    expect(lines[3]).toMatch(/<- lowest BIC$/);
    expect(lines[4]).toMatch(new RegExp(`^ {2}300 +- +- +- +- +- +- +failed: ${TOO_MANY}$`));
    expect(lines.at(-1)).toBe('best: nComponents = 2');
  });

  it('a parameter valid only for small K fails that K alone, in --json and in the --out CSV', async () => {
    const out = join(w.dir, 'select.csv');
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '2,3', '--set', 'meansInit=[[2,55],[4.5,80]]', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.best).toBe(2);
    expect(summary.rows[0].k).toBe(2);
    expect(Number.isFinite(summary.rows[0].bic)).toBe(true);
    expect(summary.rows[1]).toEqual({ k: 3, setting: { nComponents: 3 }, error: 'mixture/gmm: meansInit has 2 rows but nComponents=3' });
    const csv = linesOf(await readFile(out, 'utf8'));
    expect(csv[0]).toBe('nComponents,logLikelihood,bic,aic,nParameters,iterations,converged,seconds,testLogLikelihood,error');
    expect(csv[1].split(',')[2]).toBe(String(summary.rows[0].bic));
    expect(csv[1].endsWith(',')).toBe(true);
    expect(csv[2]).toBe('3,,,,,,,,,mixture/gmm: meansInit has 2 rows but nComponents=3');
  });

  it('exits 1 with one line when every K fails, after printing the table with the reasons', async () => {
    const out = join(w.dir, 'kept.csv');
    await writeFile(out, 'old\n');
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '300,400', '--out', out]);
    expect(r.code).toBe(1);
    const lines = linesOf(r.stdout);
    expect(lines[2]).toMatch(/^ {2}300 .*failed: mixture\/gmm: nComponents=300 is more than the 218 rows of the data$/);
    expect(lines[3]).toMatch(/^ {2}400 .*failed: mixture\/gmm: nComponents=400 is more than the 218 rows of the data$/);
    expect(lines.at(-1)).toBe('best: none (every fit failed)');
    expect(linesOf(r.stderr).at(-1)).toBe('latentkit: every fit of mixture/gmm failed (nComponents = 300, 400); the reasons are in the table');
    // The table is still written: both rows with their reasons.
    expect(linesOf(await readFile(out, 'utf8')).slice(1)).toEqual([`300,,,,,,,,,${TOO_MANY}`, `400,,,,,,,,,${TOO_MANY.replace(/300/, '400')}`]);
  });
});
