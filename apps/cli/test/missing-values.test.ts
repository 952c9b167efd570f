import { initBackend, loadDataset } from '@latentkit/core';
import { ppca } from '@latentkit/models-factor';
import { gmm } from '@latentkit/models-mixture';
import { createRegistry, type Fitted } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, linesOf, run, workDir } from './helpers.js';
import { gmmObserved, ppcaObserved, type GmmSaved, type PpcaSaved } from './observed-posterior.js';

// iris.csv (150 rows, columns sepal_length_cm_, sepal_width_cm_, petal_length_cm_, petal_width_cm_, label, split) with
// holes: data row i (0-based) loses column i mod 4 (an empty cell) when i mod 3 = 1, and column (i + 1) mod 4 (NA)
// when i mod 13 = 7. holes.csv keeps the split column; train.csv and test.csv hold its train and test rows without it.
const COLUMNS = ['sepal_length_cm_', 'sepal_width_cm_', 'petal_length_cm_', 'petal_width_cm_'];
const OTHERS = 'factor/ppca (--set method=em), mixture/gmm';

let w: Awaited<ReturnType<typeof workDir>>;
let holes: string;
let train: string;
let test: string;
let complete: string;
let trainRows: number[][];
let testRows: number[][];
/** Where the first hole of test.csv is: its line and the 1-based column. */
let testHole: { line: number; column: number };

const cellsOf = (fields: readonly string[]): number[] => fields.slice(0, 4).map((c) => (c === '' || c === 'NA' ? Number.NaN : Number(c)));
const rel = (a: number, b: number): number => Math.abs(a / b - 1);
const at = (column: number): string => `column '${COLUMNS[column - 1]}' (${column})`;

beforeAll(async () => {
  await initBackend();
  w = await workDir('missing');
  const [header, ...lines] = (await readFile(join(DATA_DIR, 'iris.csv'), 'utf8')).trim().split(/\r?\n/);
  const rows = lines.map((line, i) => {
    const f = line.split(',');
    if (i % 3 === 1) f[i % 4] = '';
    if (i % 13 === 7) f[(i + 1) % 4] = 'NA';
    return f;
  });
  const noSplit = (f: readonly string[]) => f.slice(0, 5).join(',');
  const part = (s: string) => rows.filter((f) => f[5] === s);
  holes = await w.file('holes.csv', `${[header, ...rows.map((f) => f.join(','))].join('\n')}\n`);
  train = await w.file('train.csv', `${[noSplit(header.split(',')), ...part('train').map(noSplit)].join('\n')}\n`);
  test = await w.file('test.csv', `${[noSplit(header.split(',')), ...part('test').map(noSplit)].join('\n')}\n`);
  complete = await w.file('complete.csv', `${[noSplit(header.split(',')), ...lines.map((l) => noSplit(l.split(',')))].join('\n')}\n`);
  trainRows = part('train').map(cellsOf);
  testRows = part('test').map(cellsOf);
  const i = testRows.findIndex((r) => r.some(Number.isNaN));
  testHole = { line: i + 2, column: part('test')[i].findIndex((c) => c === '' || c === 'NA') + 1 };
  expect(trainRows.filter((r) => r.some(Number.isNaN)).length).toBeGreaterThan(20);
  expect(testRows.filter((r) => r.some(Number.isNaN)).length).toBeGreaterThan(3);
});
afterAll(() => w.cleanup());

const json = async (argv: readonly string[]) => {
  const r = await run(argv);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('latentkit:'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

const readCsv = async (file: string): Promise<number[][]> =>
  linesOf(await readFile(file, 'utf8'))
    .slice(1)
    .map((l) => l.split(',').map(Number));

/** The one stderr line of a failed run, after checking the exit status and that nothing went to stdout. */
const failure = async (argv: readonly string[]): Promise<string> => {
  const r = await run(argv);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = linesOf(r.stderr);
  expect(lines).toHaveLength(1);
  return lines[0];
};

describe.each(['full', 'diag', 'spherical', 'tied'])('mixture/gmm (%s covariances) on data with missing cells', (type) => {
  let model: string;
  let fit: { n: number; train: { logLikelihood: number }; test: { logLikelihood: number } };
  let saved: { state: GmmSaved };

  const args = ['--set', 'nComponents=2', '--set', `covarianceType=${type}`, '--seed', '3'];

  beforeAll(async () => {
    model = join(w.dir, `gmm-${type}.json`);
    fit = await json(['fit', 'mixture/gmm', train, '--label', 'label', '--test', test, ...args, '--out', model, '--json']);
    saved = JSON.parse(await readFile(model, 'utf8'));
  });

  it('fits by default (missing cells kept as NaN) and the split column gives the same fit with NaN in both parts', async () => {
    expect(fit.n).toBe(trainRows.length);
    const split = await json(['fit', 'mixture/gmm', holes, '--label', 'label', ...args, '--json']);
    // Same rows in the same order, same seed: the same computation.
    expect(split.n).toBe(trainRows.length);
    expect(rel(split.train.logLikelihood, fit.train.logLikelihood)).toBeLessThan(1e-12);
    expect(rel(split.test.logLikelihood, fit.test.logLikelihood)).toBeLessThan(1e-12);
  });

  it('scores the training and test files as the fit reported them', async () => {
    const before = tf.memory().numTensors;
    const onTrain = await json(['score', model, train, '--json']);
    const onTest = await json(['score', model, test, '--json']);
    expect(tf.memory().numTensors).toBe(before);
    // The model file holds the parameters in float64 and score runs the same code on the same rows.
    expect(rel(onTrain.scores.logLikelihood, fit.train.logLikelihood)).toBeLessThan(1e-9);
    expect(rel(onTest.scores.logLikelihood, fit.test.logLikelihood)).toBeLessThan(1e-9);
    // From the definition in float64: rows with missing cells take the exact float64 path, complete rows the float32
    // E-step, whose rounding of log-densities of a few nats keeps the mean within about 1e-6 relative.
    const mean = trainRows.reduce((t, r) => t + gmmObserved(saved.state, r).logLik, 0) / trainRows.length;
    expect(rel(onTrain.scores.logLikelihood, mean)).toBeLessThan(1e-6);
  });

  it('transforms a row with missing cells into the posterior of its observed cells', async () => {
    const out = join(w.dir, `z-${type}.csv`);
    expect((await run(['transform', model, test, '--out', out])).code).toBe(0);
    const z = await readCsv(out);
    expect(z).toHaveLength(testRows.length);
    testRows.forEach((row, i) => {
      const { resp } = gmmObserved(saved.state, row);
      // Rows with missing cells: float64 marginalisation on both sides (agreement to rounding, 1e-9 leaves room for
      // the Cholesky factorisations' order of operations); complete rows: the float32 E-step (1e-4 absolute).
      const tol = row.some(Number.isNaN) ? 1e-9 : 1e-4;
      resp.forEach((r, k) => expect(Math.abs(z[i][k] - r)).toBeLessThan(tol));
    });
  });

  it('reports on the recorded training file and on a --data file with missing cells', async () => {
    const out = join(w.dir, `report-${type}.html`);
    const r = await run(['report', model, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('note:');
    const html = await readFile(out, 'utf8');
    // The report rounds its numbers to 6 significant digits.
    expect(html).toContain(String(Number(fit.train.logLikelihood.toPrecision(6))));
    const withData = await run(['report', model, '--data', test, '--out', out]);
    expect(withData.code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain(String(Number(fit.test.logLikelihood.toPrecision(6))));
  });
});

describe('factor/ppca (method=em) on data with missing cells', () => {
  let model: string;
  let fit: { train: { logLikelihood: number }; test: { logLikelihood: number } };
  let saved: { state: PpcaSaved };

  beforeAll(async () => {
    model = join(w.dir, 'ppca.json');
    fit = await json(['fit', 'factor/ppca', train, '--label', 'label', '--test', test, '--set', 'method=em', '--set', 'tol=1e-10', '--out', model, '--json']);
    saved = JSON.parse(await readFile(model, 'utf8'));
  });

  it('scores the training and test files as the fit reported them, and as the observed-cell likelihood', async () => {
    const onTrain = await json(['score', model, train, '--json']);
    const onTest = await json(['score', model, test, '--json']);
    expect(rel(onTrain.scores.logLikelihood, fit.train.logLikelihood)).toBeLessThan(1e-9);
    expect(rel(onTest.scores.logLikelihood, fit.test.logLikelihood)).toBeLessThan(1e-9);
    // Everything is float64 here; 1e-9 covers the different order of the sums.
    const mean = testRows.reduce((t, r) => t + ppcaObserved(saved.state, r).logLik, 0) / testRows.length;
    expect(rel(onTest.scores.logLikelihood, mean)).toBeLessThan(1e-9);
  });

  it('transforms every row into E[z | observed cells]', async () => {
    const out = join(w.dir, 'z-ppca.csv');
    expect((await run(['transform', model, test, '--out', out])).code).toBe(0);
    const z = await readCsv(out);
    testRows.forEach((row, i) => {
      const { mean } = ppcaObserved(saved.state, row);
      // float64 on both sides: a K×K solve against the library's posterior factors.
      mean.forEach((m, a) => expect(Math.abs(z[i][a] - m)).toBeLessThan(1e-9));
    });
  });

  it('reports on the recorded training file', async () => {
    const out = join(w.dir, 'report-ppca.html');
    const r = await run(['report', model, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('note:');
    expect(await readFile(out, 'utf8')).toContain(String(Number(fit.train.logLikelihood.toPrecision(6))));
  });

  it('a closed-form model fitted on complete rows scores rows with missing cells from their observed cells', async () => {
    const closed = join(w.dir, 'ppca-closed.json');
    await json(['fit', 'factor/ppca', complete, '--label', 'label', '--out', closed, '--json']);
    const state = JSON.parse(await readFile(closed, 'utf8')).state as PpcaSaved;
    const onTest = await json(['score', closed, test, '--json']);
    const mean = testRows.reduce((t, r) => t + ppcaObserved(state, r).logLik, 0) / testRows.length;
    expect(rel(onTest.scores.logLikelihood, mean)).toBeLessThan(1e-9);
  });
});

describe('latentkit select on data with missing cells', () => {
  const loadTrain = () => loadDataset(train, { label: 'label', missing: 'nan' });

  it.each([
    ['mixture/gmm', [] as string[], () => createRegistry().register(gmm)],
    ['factor/ppca', ['--set', 'method=em'], () => createRegistry().register(ppca)],
  ])('%s: every row equals a separate fit of that K', async (key, extra, registry) => {
    const out = await json(['select', key, train, '--label', 'label', '--k', '1..3', ...extra, '--json']);
    expect(out.rows.map((r: { k: number }) => r.k)).toEqual([1, 2, 3]);
    const data = await loadTrain();
    for (const row of out.rows) {
      const file = join(w.dir, `select-${key.replace('/', '-')}-${row.k}.json`);
      const single = await json(['fit', key, train, '--label', 'label', '--set', `nComponents=${row.k}`, ...extra, '--out', file, '--json']);
      const fitted = registry().load(JSON.parse(await readFile(file, 'utf8'))) as Fitted & { bic(d: typeof data): number; nParameters: number };
      // Same seed, rows and hyperparameters: select runs the same fit, and BIC is computed from the same numbers.
      expect(rel(row.logLikelihood, single.train.logLikelihood)).toBeLessThan(1e-9);
      expect(rel(row.bic, fitted.bic(data))).toBeLessThan(1e-9);
      expect(row.nParameters).toBe(fitted.nParameters);
      fitted.dispose();
    }
  });
});

describe('missing cells the model or --missing rejects', () => {
  const hole = `column 'sepal_width_cm_' (2): missing value (empty cell)`;

  it('a model without missing-value support names the first cell and the models that have it', async () => {
    const line = `latentkit: ${holes}:3: ${hole}, but factor/fa does not accept missing values; models that do: ${OTHERS}`;
    expect(await failure(['fit', 'factor/fa', holes, '--label', 'label'])).toBe(line);
    // --missing nan cannot make factor/fa fit them: the same line.
    expect(await failure(['fit', 'factor/fa', holes, '--label', 'label', '--missing', 'nan'])).toBe(line);
    expect(await failure(['select', 'factor/fa', holes, '--label', 'label', '--k', '1..2'])).toBe(line);
    const na = await w.file('na.csv', 'a,b\n1,2\nNA,3\n4,5\n');
    expect(await failure(['fit', 'factor/fa', na, '--set', 'nComponents=1'])).toBe(
      `latentkit: ${na}:3: column 'a' (1): missing value "NA", but factor/fa does not accept missing values; models that do: ${OTHERS}`,
    );
    expect(await failure(['fit', 'mixture/bayesian-gmm', holes, '--label', 'label'])).toBe(
      `latentkit: ${holes}:3: ${hole}, but mixture/bayesian-gmm does not accept missing values; models that do: ${OTHERS}`,
    );
  });

  it('factor/ppca with the closed form names the option that fits missing values', async () => {
    expect(await failure(['fit', 'factor/ppca', holes, '--label', 'label'])).toBe(
      `latentkit: ${holes}:3: ${hole}, but factor/ppca with method=closed-form does not accept missing values; pass --set method=em to fit them`,
    );
  });

  it('--missing error rejects missing cells with a hint that names --missing nan, also in a --test file', async () => {
    expect(await failure(['fit', 'mixture/gmm', holes, '--label', 'label', '--missing', 'error'])).toBe(
      `latentkit: ${holes}:3: ${hole}; pass --missing nan to keep missing values as NaN`,
    );
    const testCell = (text: string) => `latentkit: ${test}:${testHole.line}: ${at(testHole.column)}: ${text}`;
    const testText = (await readFile(test, 'utf8')).split('\n')[testHole.line - 1].split(',')[testHole.column - 1];
    const found = testText === '' ? 'missing value (empty cell)' : `missing value "${testText}"`;
    expect(await failure(['fit', 'mixture/gmm', complete, '--label', 'label', '--test', test, '--missing', 'error'])).toBe(
      testCell(`${found}; pass --missing nan to keep missing values as NaN`),
    );
    const model = join(w.dir, 'gmm-complete.json');
    await json(['fit', 'mixture/gmm', complete, '--label', 'label', '--out', model, '--json']);
    expect(await failure(['score', model, test, '--missing', 'error'])).toBe(testCell(`${found}; pass --missing nan to keep missing values as NaN`));
    // The default for a saved mixture/gmm is nan.
    expect((await run(['score', model, test])).code).toBe(0);
  });

  it('score, transform and report of a saved model without missing-value support name the cell, and keep --out', async () => {
    const model = join(w.dir, 'fa.json');
    await json(['fit', 'factor/fa', complete, '--label', 'label', '--set', 'nComponents=1', '--out', model, '--json']);
    const testText = (await readFile(test, 'utf8')).split('\n')[testHole.line - 1].split(',')[testHole.column - 1];
    const found = testText === '' ? 'missing value (empty cell)' : `missing value "${testText}"`;
    const line = `latentkit: ${test}:${testHole.line}: ${at(testHole.column)}: ${found}, but the factor/fa model in ${model} does not accept missing values; models that do: ${OTHERS}`;
    expect(await failure(['score', model, test])).toBe(line);
    const keep = await w.file('keep.csv', 'KEEP\n');
    expect(await failure(['transform', model, test, '--out', keep])).toBe(line);
    expect(await readFile(keep, 'utf8')).toBe('KEEP\n');
    const keepHtml = await w.file('keep.html', 'KEEP\n');
    expect(await failure(['report', model, '--data', test, '--out', keepHtml])).toBe(line);
    expect(await readFile(keepHtml, 'utf8')).toBe('KEEP\n');
  });

  it('JSON null cells follow the same rule', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => [i % 3 === 1 && i > 3 ? null : (i * 7) % 5, ((i * 3) % 4) + i / 10]);
    const file = await w.file('nulls.json', JSON.stringify({ columns: ['a', 'b'], data: rows }));
    expect(await failure(['fit', 'factor/fa', file, '--set', 'nComponents=1'])).toBe(
      `latentkit: ${file}: row 5, column 'a' (1): missing value (null), but factor/fa does not accept missing values; models that do: ${OTHERS}`,
    );
    const out = await json(['fit', 'mixture/gmm', file, '--set', 'nComponents=1', '--json']);
    expect(out.n).toBe(12);
    expect(Number.isFinite(out.train.logLikelihood)).toBe(true);
  });

  it('an infinite cell is an error even where missing cells are kept', async () => {
    const file = await w.file('inf.csv', 'a,b\n1,2\n3,\n4,Inf\n5,6\n');
    expect(await failure(['fit', 'mixture/gmm', file, '--set', 'nComponents=1'])).toBe(
      `latentkit: ${file}:4: column 'b' (2): expected a finite number, got Infinity (leave the cell empty or write NA if the value is missing)`,
    );
  });

  it('--missing takes nan or error only', async () => {
    expect(await failure(['fit', 'mixture/gmm', holes, '--missing', 'maybe'])).toBe(
      "latentkit: option '--missing <policy>' argument 'maybe' is invalid. Allowed choices are nan, error.",
    );
  });
});
