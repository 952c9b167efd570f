import { initBackend, loadDataset, splitRows } from '@latentkit/core';
import { gmm } from '@latentkit/models-mixture';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../src/commands/fit.js';
import { captureWriter } from '../src/io.js';
import { linesOf, run, SKLEARN_FAITHFUL_K2, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('fit');
});
afterAll(() => w.cleanup());

const FIELDS = ['model', 'params', 'backend', 'n', 'd', 'iterations', 'converged', 'fixedIterations', 'seconds', 'train', 'test'];

describe('latentkit fit', () => {
  it('prints exactly one JSON line with every field, fitting the train rows and scoring the test rows', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--json']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out).sort()).toEqual([...FIELDS].sort());
    expect(out.model).toBe('mixture/gmm');
    expect(out.params.nComponents).toBe(2);
    expect(out.params.covarianceType).toBe('full');
    expect(out.backend).toBe(tf.getBackend());
    expect([out.n, out.d]).toEqual([SKLEARN_FAITHFUL_K2.nTrain, 2]);
    expect(out.iterations).toBeGreaterThan(0);
    expect(typeof out.converged).toBe('boolean');
    expect(out.seconds).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(out.train.logLikelihood)).toBe(true);
    expect(Number.isFinite(out.test.logLikelihood)).toBe(true);
    expect(r.stderr).toContain('has a split column: fitting its 218 train rows, scoring its 54 test rows');
  });

  it('reaches the scikit-learn optimum on the train rows and its test score', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--set', 'tol=1e-10', '--set', 'maxIter=1000', '--json']);
    const out = JSON.parse(r.stdout);
    // Both sides are the same global optimum; the E-step runs in float32, whose rounding of log-densities of
    // order 1-10 nats over ~200 rows keeps the mean within about 1e-6 relative, so 1e-4 is a safe margin.
    expect(out.train.logLikelihood).toBeCloseTo(SKLEARN_FAITHFUL_K2.trainLogLikelihood, 3);
    expect(Math.abs(out.train.logLikelihood / SKLEARN_FAITHFUL_K2.trainLogLikelihood - 1)).toBeLessThan(1e-4);
    expect(Math.abs(out.test.logLikelihood / SKLEARN_FAITHFUL_K2.testLogLikelihood - 1)).toBeLessThan(1e-4);
    expect(out.converged).toBe(true);
  });

  it('uses --test instead of the split column when given, and test is null without a test set', async () => {
    const plain = await w.file('plain.csv', (await readFile(w.faithful, 'utf8')).replace(/,"?(train|test)"?$/gm, '').replace(',"split"', ''));
    const r = await run(['fit', 'mixture/gmm', plain, '--set', 'nComponents=2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.n).toBe(272);
    expect(out.test).toBeNull();
    const withTest = await run(['fit', 'mixture/gmm', w.faithful, '--test', plain, '--set', 'nComponents=2', '--json']);
    const o2 = JSON.parse(withTest.stdout);
    expect([o2.n, o2.d]).toEqual([272, 2]);
    expect(Number.isFinite(o2.test.logLikelihood)).toBe(true);
    expect(withTest.stderr).toContain('--test was given: fitting all its 272 rows');
  });

  it('writes a model file that the registry loads and that scores like the fit', async () => {
    const out = await w.file('model.json');
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--seed', '7', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const saved = JSON.parse(await readFile(out, 'utf8'));
    expect(saved.format).toBe('latentkit-model');
    expect(saved.key).toBe('mixture/gmm');
    expect(saved.data.columns).toEqual(['eruptions', 'waiting']);
    expect(saved.data.source).toBe(w.faithful);
    expect(saved.fit.seed).toBe(7);
    const fitted = createRegistry().register(gmm).load(saved, out);
    const all = await loadDataset(w.faithful);
    const train = splitRows(all, 'train');
    // Same parameters (saved in float64), same rows, same code path: the scores agree to double rounding.
    expect(fitted.score(train)).toBeCloseTo(summary.train.logLikelihood, 9);
    fitted.dispose();
  });

  it('prints a short human summary without --json', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mixture\/gmm fitted to .*faithful\.csv \(218 rows x 2 columns\) on \w+ in [\d.]+ s\n/);
    expect(r.stdout).toMatch(/train logLikelihood: -4\.\d+/);
    expect(r.stdout).toMatch(/test logLikelihood: -4\.\d+/);
  });

  it('honours --columns, --label and --engine', async () => {
    const labelled = await w.file('labelled.csv', 'a,b,c,kind\n1,2,9,x\n2,1,8,y\n1.5,1.8,7,x\n3,3.2,6,y\n2.2,2.9,5,x\n0.5,1.1,4,y\n');
    const r = await run([
      'fit',
      'mixture/gmm',
      labelled,
      '--columns',
      'b,a',
      '--label',
      'kind',
      '--set',
      'nComponents=2',
      '--engine',
      'inference/em',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).d).toBe(2);
  });

  it('leaks no tensors', async () => {
    await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--json']);
    const before = tf.memory().numTensors;
    const stdout = captureWriter();
    await fitCommand({ model: 'mixture/gmm', train: w.faithful, set: ['nComponents=2'], json: true }, { stdout, stderr: captureWriter() });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is cancelled by the signal: exit 130, nothing written', async () => {
    const out = await w.file('cancelled.json', 'KEEP');
    const controller = new AbortController();
    controller.abort();
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--out', out, '--json'], { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'))).toEqual(['latentkit: cancelled; nothing was written']);
    expect(await readFile(out, 'utf8')).toBe('KEEP');
  });

  it('aborts a running fit when the signal fires and does not write', async () => {
    const out = await w.file('aborted.json', 'KEEP');
    const controller = new AbortController();
    let steps = 0;
    const stderr = captureWriter();
    const promise = fitCommand(
      { model: 'mixture/gmm', train: w.faithful, set: ['nComponents=3', 'tol=0', 'maxIter=100000'], out, signal: controller.signal },
      { stdout: captureWriter(), stderr: { write: (s: string) => stderr.write(s) } },
    );
    // Abort from outside after a few event-loop turns; the driver yields every 100 ms.
    const timer = setInterval(() => {
      steps++;
      if (steps === 3) controller.abort();
    }, 50);
    await expect(promise).rejects.toThrow('cancelled');
    clearInterval(timer);
    expect(await readFile(out, 'utf8')).toBe('KEEP');
  });
});

describe('failed fits', () => {
  it.each([
    ['a bad parameter', ['--set', 'nComponents=0']],
    ['missing values', ['--set', 'nComponents=2']],
    ['a singular fit', ['--set', 'nComponents=2', '--set', 'regCovar=0']],
  ])('never truncate an existing --out file (%s)', async (name, args) => {
    const out = await w.file(`keep-${name.replace(/ /g, '-')}.json`, '{"keep": true}\n');
    const data =
      name === 'missing values'
        ? await w.file('nan.csv', 'a,b\n1,2\n3,NaN\n')
        : name === 'a singular fit'
          ? await w.file('constant.csv', 'a,b\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n')
          : w.faithful;
    // mixture/gmm accepts missing cells (it marginalises them); mixture/bayesian-gmm does not.
    const model = name === 'missing values' ? 'mixture/bayesian-gmm' : 'mixture/gmm';
    const r = await run(['fit', model, data, ...args, '--out', out]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'))).toHaveLength(1);
    expect(await readFile(out, 'utf8')).toBe('{"keep": true}\n');
  });
});

describe('latentkit fit with hiddenUnits', () => {
  const fitVae = (hiddenUnits: string) =>
    run(['fit', 'vae/vae', w.faithful, '--set', `hiddenUnits=${hiddenUnits}`, '--set', 'latentDim=1', '--set', 'epochs=1', '--json']);

  it('takes one width for one hidden layer, or a JSON array of widths', async () => {
    const one = await fitVae('8');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).params.hiddenUnits).toEqual([8]);
    const two = await fitVae('[8, 4]');
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout).params.hiddenUnits).toEqual([8, 4]);
  });

  it.each([['0'], ['[]'], ['[8, 0]'], ['2.5'], ['wide'], ['8,4']])('rejects hiddenUnits=%s in one line that says what is expected', async (value) => {
    const r = await fitVae(value);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr)).toHaveLength(1);
    expect(linesOf(r.stderr)[0]).toMatch(
      /^latentkit: vae\/vae: parameter hiddenUnits=\S+ is invalid: expected a positive integer or a JSON array of positive integers such as \[256, 128\]$/,
    );
  });
});

describe('bad inputs', () => {
  it.each([
    ['a non-numeric cell', 'bad.csv', 'a,b\n1,2\n3,x\n4,5\n', [], /bad\.csv:3: column 'b' \(2\): expected a number, got "x"/],
    ['a ragged row', 'ragged.csv', 'a,b\n1,2\n3\n4,5\n', [], /ragged\.csv:3: expected 2 fields like the header, got 1/],
    ['an empty file', 'empty.csv', '', [], /empty\.csv: empty file/],
    ['a NaN cell', 'nan-cell.csv', 'a,b\n1,2\n3,NaN\n4,5\n', [], /nan-cell\.csv:3: column 'b' \(2\): missing value "NaN"/],
    ['an unknown column in --columns', 'ok.csv', 'a,b\n1,2\n3,4\n4,5\n', ['--columns', 'a,zz'], /unknown feature column 'zz'; available columns: a, b/],
    ['nComponents=0', 'ok.csv', undefined, ['--set', 'nComponents=0'], /parameter nComponents='?0'? is invalid: expected an integer >= 1/],
    ['an unknown parameter', 'ok.csv', undefined, ['--set', 'nope=1'], /unknown parameter 'nope'; known parameters: nComponents/],
    ['a --set without =', 'ok.csv', undefined, ['--set', 'nComponents'], /--set expects name=value, got 'nComponents'/],
    ['a missing file', 'absent.csv', undefined, [], /absent\.csv: cannot read the file \(no such file\)/],
    [
      'an unknown engine',
      'ok.csv',
      undefined,
      ['--engine', 'inference/nope'],
      /unknown inference engine 'inference\/nope'; mixture\/gmm can be fitted by inference\/em/,
    ],
  ])('%s gives one line and exit 1', async (_name, fileName, text, args, message) => {
    const file = text === undefined && fileName === 'ok.csv' ? w.faithful : await w.file(fileName, text);
    const model = _name === 'a NaN cell' ? 'mixture/bayesian-gmm' : 'mixture/gmm';
    const r = await run(['fit', model, file, ...(args as string[]), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^latentkit: /);
    expect(lines[0]).toMatch(message as RegExp);
  });

  it('an unknown model key lists the registered models', async () => {
    const r = await run(['fit', 'mixture/nope', w.faithful]);
    expect(r.code).toBe(1);
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^latentkit: unknown model 'mixture\/nope'; registered models: (\S+, )*mixture\/gmm(, \S+)*$/);
  });

  it("an unknown option gives commander's message on one line", async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--jsn']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual(["latentkit: unknown option '--jsn' (Did you mean --json?)"]);
  });

  it('a missing argument gives one line', async () => {
    const r = await run(['fit', 'mixture/gmm']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual(["latentkit: missing required argument 'train-file'"]);
  });

  it('--debug shows the stack trace', async () => {
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=0', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ParamError');
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('a file whose data do not suit the model names the file', async () => {
    const one = await w.file('one-row.csv', 'a,b\n1,2\n');
    const r = await run(['fit', 'mixture/gmm', one]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: mixture/gmm needs at least 2 rows, but ${one} has 1`]);
  });
});
