import { initBackend } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../src/commands/fit.js';
import { splitDataArguments } from '../src/commands/report.js';
import { matrixToCsv } from '../src/csv-text.js';
import { captureWriter } from '../src/io.js';
import { loadTrainTest } from '../src/load-data.js';
import { buildRegistry } from '../src/plugins.js';
import { DATA_DIR, linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('dataset');
});
afterAll(() => w.cleanup());

const IRIS_CSV = join(DATA_DIR, 'iris.csv');
const FIELDS = ['model', 'params', 'backend', 'n', 'd', 'iterations', 'converged', 'fixedIterations', 'seconds', 'train', 'test'];
/** A short Sparse VAE fit: a few epochs of a small network. */
const SPARSE_VAE = ['--set', 'epochs=3', '--set', 'hiddenUnits=8', '--set', 'latentDim=2', '--set', 'batchSize=200'];

/** The one JSON line of a successful `--json` run, with the wall-clock time zeroed for comparisons. */
function jsonOf(r: { code: number; stdout: string; stderr: string }): Record<string, any> {
  expect(r.code, r.stderr).toBe(0);
  const lines = linesOf(r.stdout);
  expect(lines).toHaveLength(1);
  return { ...JSON.parse(lines[0]), seconds: 0 };
}

describe('latentkit fit datasets/sparse-vae-sim', () => {
  const args = ['datasets/sparse-vae-sim', '--data', 'rho=0.6', '--data', 'seed=3'];
  let summary: Record<string, any>;
  let model: string;

  beforeAll(async () => {
    model = await w.file('sparse-vae.json');
    const r = await run(['fit', 'vae/sparse-vae', ...args, ...SPARSE_VAE, '--json', '--out', model]);
    summary = jsonOf(r);
    expect(r.stderr).toContain('note: datasets/sparse-vae-sim rho=0.6 seed=3 has a train/test split: fitting its 800 train rows, scoring its 200 test rows');
  });

  it('prints one JSON line with the elbo and mse of the train and test rows', () => {
    expect(Object.keys(summary).sort()).toEqual([...FIELDS].sort());
    expect(summary).toMatchObject({ model: 'vae/sparse-vae', n: 800, d: 7, iterations: 3 });
    expect(summary.params).toMatchObject({ epochs: 3, hiddenUnits: [8], latentDim: 2 });
    for (const part of [summary.train, summary.test]) {
      expect(Object.keys(part).sort()).toEqual(['elbo', 'mse']);
      expect(Number.isFinite(part.elbo) && Number.isFinite(part.mse)).toBe(true);
      expect(part.mse).toBeGreaterThan(0);
    }
  });

  it('gives exactly the numbers of the same rows in a CSV file with a split column', async () => {
    const data = sparseVaeSim({ rho: 0.6, seed: 3 }).data;
    // matrixToCsv writes the shortest exact form of each float64, so the file holds the same values.
    const csv = await w.file('sparse-vae-sim.csv', matrixToCsv(data.columns, data.nRows, data.values, { name: 'split', values: data.split! }));
    const fromFile = jsonOf(await run(['fit', 'vae/sparse-vae', csv, ...SPARSE_VAE, '--json']));
    expect(summary).toEqual(fromFile);
  });

  it('saves a model that records the dataset and its options and scores the test rows as the fit did', async () => {
    const saved = JSON.parse(await readFile(model, 'utf8'));
    expect(saved.key).toBe('vae/sparse-vae');
    expect(saved.data).toMatchObject({ kind: 'dense', nRows: 800, nCols: 7, columns: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] });
    expect(saved.data.source).toBe('datasets/sparse-vae-sim rho=0.6 seed=3');
    const data = sparseVaeSim({ rho: 0.6, seed: 3 }).data;
    const testRows = data.split!.flatMap((s, i) => (s === 'test' ? [i] : []));
    const values = Float64Array.from(testRows.flatMap((i) => Array.from(data.values.subarray(i * 7, i * 7 + 7))));
    const testCsv = await w.file('sparse-vae-test.csv', matrixToCsv(data.columns, testRows.length, values));
    const score = jsonOf(await run(['score', model, testCsv, '--json']));
    expect(score.n).toBe(200);
    // Same weights (float32 values saved exactly in JSON), same rows, same deterministic scoring path.
    expect(score.scores.elbo).toBeCloseTo(summary.test.elbo, 9);
    expect(score.scores.mse).toBeCloseTo(summary.test.mse, 9);
  });

  it('scores the dataset key with its options as the file of all its rows', async () => {
    const data = sparseVaeSim({ rho: 0.6, seed: 3 }).data;
    const all = await w.file('sparse-vae-all.csv', matrixToCsv(data.columns, data.nRows, data.values));
    const byKey = jsonOf(await run(['score', model, ...args, '--json']));
    const byFile = jsonOf(await run(['score', model, all, '--json']));
    expect(byKey.n).toBe(1000);
    expect(byKey.scores).toEqual(byFile.scores);
  });

  it('writes a report with the data plots of the recorded dataset', async () => {
    const out = await w.file('sparse-vae.html');
    const r = await run(['report', model, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('datasets/sparse-vae-sim rho=0.6 seed=3 (its 800 train rows)');
  });

  it('report takes --data with a dataset key and its options, or options that change the recorded ones', async () => {
    const out = await w.file('sparse-vae-data.html');
    const r = await run(['report', model, '--out', out, '--data', 'datasets/sparse-vae-sim', '--data', 'rho=0.2', '--data', 'n=50']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('datasets/sparse-vae-sim rho=0.2 n=50 (50 rows)');
    const changed = await run(['report', model, '--out', out, '--data', 'seed=4']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('datasets/sparse-vae-sim rho=0.6 seed=4 (its 800 train rows)');
    expect(splitDataArguments(['rho=0.6', 'datasets/x', 'seed=1'])).toEqual({ data: 'datasets/x', dataOptions: ['rho=0.6', 'seed=1'] });
    expect(splitDataArguments([])).toEqual({ dataOptions: [] });
  });
});

describe('latentkit fit datasets/iris', () => {
  const gmm = ['--set', 'nComponents=3', '--json'];

  it('gives exactly the numbers of the bundled iris.csv with its label column', async () => {
    const byKey = jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', ...gmm]));
    const byFile = jsonOf(await run(['fit', 'mixture/gmm', IRIS_CSV, '--label', 'label', ...gmm]));
    expect([byKey.n, byKey.d]).toEqual([120, 4]);
    expect(byKey.test).not.toBeNull();
    expect(byKey).toEqual(byFile);
    // --label naming the dataset's own label column changes nothing.
    expect(jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', '--label', 'label', ...gmm]))).toEqual(byFile);
  });

  it('selects --columns as on the file', async () => {
    const columns = ['--columns', 'petal_length_cm_,sepal_length_cm_'];
    const byKey = jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', ...columns, ...gmm]));
    const byFile = jsonOf(await run(['fit', 'mixture/gmm', IRIS_CSV, '--label', 'label', ...columns, ...gmm]));
    expect(byKey.d).toBe(2);
    expect(byKey).toEqual(byFile);
  });

  it('takes --data columns like --columns', async () => {
    const byData = jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', '--data', 'columns=["petal_length_cm_","sepal_length_cm_"]', ...gmm]));
    const byColumns = jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', '--columns', 'petal_length_cm_,sepal_length_cm_', ...gmm]));
    expect(byData).toEqual(byColumns);
  });

  it('scores, transforms and selects with the key as with the file, and reports on the recorded dataset', async () => {
    const model = await w.file('iris.json');
    jsonOf(await run(['fit', 'mixture/gmm', 'datasets/iris', ...gmm, '--out', model]));
    const byKey = jsonOf(await run(['score', model, 'datasets/iris', '--json']));
    const byFile = jsonOf(await run(['score', model, IRIS_CSV, '--label', 'label', '--json']));
    expect(byKey.n).toBe(150);
    expect(byKey.scores).toEqual(byFile.scores);

    const latents = await w.file('iris-latents.csv');
    expect((await run(['transform', model, 'datasets/iris', '--out', latents])).code).toBe(0);
    expect(linesOf(await readFile(latents, 'utf8'))).toHaveLength(151);

    const report = await w.file('iris.html');
    expect((await run(['report', model, '--out', report])).code).toBe(0);
    expect(await readFile(report, 'utf8')).toContain('datasets/iris (its 120 train rows)');

    const select = jsonOf(await run(['select', 'mixture/gmm', 'datasets/iris', '--k', '1..2', '--json']));
    const selectFile = jsonOf(await run(['select', 'mixture/gmm', IRIS_CSV, '--label', 'label', '--k', '1..2', '--json']));
    expect(select.n).toBe(120);
    expect(select.rows.map((r: { seconds: number }) => ({ ...r, seconds: 0 }))).toEqual(
      selectFile.rows.map((r: { seconds: number }) => ({ ...r, seconds: 0 })),
    );
  });

  it('leaks no tensors', async () => {
    const io = () => ({ stdout: captureWriter(), stderr: captureWriter() });
    await fitCommand({ model: 'mixture/gmm', train: 'datasets/iris', set: ['nComponents=2'], json: true }, io());
    const before = tf.memory().numTensors;
    await fitCommand({ model: 'mixture/gmm', train: 'datasets/iris', set: ['nComponents=2'], json: true }, io());
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('datasets/mnist', () => {
  it('loads 784 binary columns with --data binarize=0.5, split 8,004 / 1,996', async () => {
    const registry = await buildRegistry();
    const { train, test } = await loadTrainTest('datasets/mnist', undefined, { registry, dataOptions: ['binarize=0.5'] });
    expect([train.nRows, train.nCols, test?.nRows]).toEqual([8004, 784, 1996]);
    expect(train.kind).toBe('dense');
    const values = train.kind === 'dense' ? train.values : new Float64Array();
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(values.includes(0) && values.includes(1)).toBe(true);
  });

  it('fits a Bernoulli VAE for one epoch on it', async () => {
    const out = jsonOf(
      await run([
        'fit',
        'vae/vae',
        'datasets/mnist',
        '--data',
        'binarize=0.5',
        ...['--set', 'likelihood=bernoulli', '--set', 'latentDim=2', '--set', 'hiddenUnits=8', '--set', 'epochs=1', '--json'],
      ]),
    );
    expect([out.n, out.d]).toEqual([8004, 784]);
    // A Bernoulli ELBO per image is a negative number of nats, at most 784·log 2 ≈ 543 below zero after any training.
    expect(out.train.elbo).toBeLessThan(0);
    expect(out.train.elbo).toBeGreaterThan(-784 * Math.log(2));
  });
});

describe('dataset keys: errors', () => {
  it.each([
    [
      'an unknown key',
      ['fit', 'mixture/gmm', 'datasets/nope'],
      /^latentkit: unknown dataset 'datasets\/nope' \(and no file of that name\); registered datasets: (\S+, )*datasets\/iris(, \S+)*$/,
    ],
    ['an unknown --test key', ['fit', 'mixture/gmm', 'FAITHFUL', '--test', 'datasets/nope'], /^latentkit: unknown dataset 'datasets\/nope'/],
    [
      'a key of another kind',
      ['fit', 'mixture/gmm', 'inference/em'],
      /^latentkit: 'inference\/em' is an inference plugin, not a dataset; registered datasets: datasets\//,
    ],
    [
      'an unknown option',
      ['fit', 'vae/sparse-vae', 'datasets/sparse-vae-sim', '--data', 'foo=1'],
      /^latentkit: datasets\/sparse-vae-sim: unknown --data option 'foo'; it takes n, rho, noise, seed$/,
    ],
    [
      'an invalid option',
      ['fit', 'vae/sparse-vae', 'datasets/sparse-vae-sim', '--data', 'rho=1.5'],
      /^latentkit: datasets\/sparse-vae-sim: --data rho=1\.5 is invalid: expected a number > -1 and < 1$/,
    ],
    ['--data without =', ['fit', 'vae/sparse-vae', 'datasets/sparse-vae-sim', '--data', 'rho'], /^latentkit: --data expects name=value, got 'rho'$/],
    [
      '--data with a file',
      ['fit', 'mixture/gmm', 'FAITHFUL', '--data', 'seed=1'],
      /^latentkit: --data passes options to a dataset plugin, but \S+faithful\.csv is a file/,
    ],
    [
      "the plugin's own error",
      ['fit', 'mixture/gmm', 'datasets/dde-two-layer', '--data', 'k2=3'],
      /^latentkit: cannot load datasets\/dde-two-layer k2=3: the block design needs an even number of parents ≥ 2, got 3$/,
    ],
    [
      '--columns on a count matrix',
      ['fit', 'topic/lda', 'datasets/lda-corpus', '--columns', 'w1'],
      /^latentkit: --columns and --label select columns of dense data, but datasets\/lda-corpus is a count matrix$/,
    ],
    [
      'an unknown --columns',
      ['fit', 'mixture/gmm', 'datasets/iris', '--columns', 'petal_length_cm_,zz'],
      /unknown feature column 'zz' in datasets\/iris; available columns: sepal_length_cm_, /,
    ],
    [
      'an unknown --label',
      ['fit', 'mixture/gmm', 'datasets/iris', '--label', 'species'],
      /--label species: datasets\/iris has no column 'species' \(its label column is 'label'\)/,
    ],
    [
      'a count matrix for a dense model',
      ['fit', 'mixture/gmm', 'datasets/lda-corpus'],
      /mixture\/gmm needs a dense numeric matrix, but datasets\/lda-corpus is a count matrix/,
    ],
    [
      'two data sources for report',
      ['report', 'MODEL', '--out', 'r.html', '--data', 'datasets/iris', '--data', 'datasets/wine'],
      /--data names more than one data file or dataset: datasets\/iris, datasets\/wine/,
    ],
  ])('%s gives one line and exit 1', async (_name, argv, message) => {
    const model = await w.file('error-model.json');
    if (argv.includes('MODEL')) jsonOf(await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--json', '--out', model]));
    const r = await run(argv.map((a) => (a === 'FAITHFUL' ? w.faithful : a === 'MODEL' ? model : a === 'r.html' ? join(w.dir, a) : a)));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = linesOf(r.stderr).filter((l) => !l.startsWith('note: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
