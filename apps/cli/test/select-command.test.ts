import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridSettings, parseGridOption, parseKRange } from '../src/commands/select-grid.js';
import { linesOf, run, SKLEARN_FAITHFUL_K2, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('select');
});
afterAll(() => w.cleanup());

const STRICT = ['--set', 'tol=1e-10', '--set', 'maxIter=1000'];

describe('latentkit select', () => {
  it('fits every K and prints one JSON line with BIC and AIC per K and the chosen K', async () => {
    const before = tf.memory().numTensors;
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '1..4', ...STRICT, '--json']);
    expect(r.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out)).toEqual(['model', 'param', 'criterion', 'backend', 'n', 'd', 'rows', 'best']);
    expect([out.model, out.param, out.criterion, out.n, out.d]).toEqual(['mixture/gmm', 'nComponents', 'bic', SKLEARN_FAITHFUL_K2.nTrain, 2]);
    expect(out.rows.map((row: { k: number }) => row.k)).toEqual([1, 2, 3, 4]);
    const n = SKLEARN_FAITHFUL_K2.nTrain;
    for (const row of out.rows) {
      // Full covariances, D = 2: p = K·3 (covariances) + K·2 (means) + K − 1 (weights) = 6K − 1.
      expect(row.nParameters).toBe(6 * row.k - 1);
      expect(row.bic).toBeCloseTo(-2 * n * row.logLikelihood + row.nParameters * Math.log(n), 6);
      expect(row.aic).toBeCloseTo(-2 * n * row.logLikelihood + 2 * row.nParameters, 6);
      expect(Number.isFinite(row.testLogLikelihood)).toBe(true);
    }
    // K = 2 reaches scikit-learn's optimum on the train rows (float32 E-step: 1e-4 relative, as in fit's test).
    const k2 = out.rows[1];
    expect(Math.abs(k2.logLikelihood / SKLEARN_FAITHFUL_K2.trainLogLikelihood - 1)).toBeLessThan(1e-4);
    expect(Math.abs(k2.bic / SKLEARN_FAITHFUL_K2.trainBic - 1)).toBeLessThan(1e-4);
    expect(Math.abs(k2.testLogLikelihood / SKLEARN_FAITHFUL_K2.testLogLikelihood - 1)).toBeLessThan(1e-4);
    // More components never fit the train rows worse by much (EM from k-means starts), and BIC picks its minimum.
    const bics = out.rows.map((row: { bic: number }) => row.bic);
    expect(out.best).toBe(out.rows[bics.indexOf(Math.min(...bics))].k);
    expect(out.rows[1].logLikelihood).toBeGreaterThan(out.rows[0].logLikelihood);
  });

  it('prints a table with the best K marked, and picks by AIC with --criterion aic', async () => {
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '1,2,3', '--criterion', 'aic', '--seed', '3']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines[0]).toMatch(/^mixture\/gmm on .*faithful\.csv \(218 rows x 2 columns\): nComponents by AIC$/);
    expect(lines[1]).toMatch(/^ {2}K +logLikelihood +BIC +AIC +parameters +iterations +test logLikelihood$/);
    expect(lines.slice(2, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(['1', '2', '3']);
    expect(lines.filter((l) => l.endsWith('<- lowest AIC'))).toHaveLength(1);
    const best = Number(
      lines
        .find((l) => l.endsWith('<- lowest AIC'))!
        .trim()
        .split(/\s+/)[0],
    );
    expect(lines.at(-1)).toBe(`best: nComponents = ${best}`);
    const aics = lines.slice(2, 5).map((l) => Number(l.trim().split(/\s+/)[3]));
    expect(best).toBe([1, 2, 3][aics.indexOf(Math.min(...aics))]);
  });

  it('is deterministic for a seed', async () => {
    const a = JSON.parse((await run(['select', 'mixture/gmm', w.faithful, '--k', '2..3', '--seed', '5', '--json'])).stdout);
    const b = JSON.parse((await run(['select', 'mixture/gmm', w.faithful, '--k', '2..3', '--seed', '5', '--json'])).stdout);
    expect(b.rows.map((row: { bic: number }) => row.bic)).toEqual(a.rows.map((row: { bic: number }) => row.bic));
  });

  it.each([
    [
      ['--k', '0..3'],
      "latentkit: option '--k <range>' argument '0..3' is invalid. --k expects a range a..b, a list a,b,c or one integer, all >= 1; got '0..3'",
    ],
    [['--k', '2', '--criterion', 'hqc'], "latentkit: --criterion 'hqc' is not reported by mixture/gmm; available: bic, aic"],
    [['--k', '2', '--criterion', 'b c'], "latentkit: --criterion expects a name such as bic, aic or ebic, got 'b c'"],
    [[], 'latentkit: select needs the settings to fit: --k <range> and/or --grid name=value1;value2;...'],
    [['--grid', 'nComponents=2;'], "latentkit: --grid expects name=value1;value2;..., got 'nComponents=2;'"],
    [['--k', '2', '--grid', 'nComponents=3'], "latentkit: select varies 'nComponents' twice (--k with --param, or --grid)"],
    [['--grid', 'nClusters=1;2'], "latentkit: mixture/gmm has no parameter 'nClusters' to select"],
    [['--k', '2', '--param', 'nClusters'], "latentkit: mixture/gmm has no parameter 'nClusters' to select"],
    [['--k', '2', '--set', 'covarianceType=banana'], /^latentkit: mixture\/gmm: parameter covarianceType='banana' is invalid/],
  ])('rejects %j with one line', async (args, message) => {
    const r = await run(['select', 'mixture/gmm', w.faithful, ...(args as string[])]);
    expect(r.code).toBe(1);
    const lines = linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('says so when a model reports no parameter count', async () => {
    const r = await run(['select', 'mixture/bayesian-gmm', w.faithful, '--k', '2']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr).at(-1)).toBe(
      'latentkit: mixture/bayesian-gmm does not report a parameter count and a log-likelihood, so select cannot compute BIC or AIC for it',
    );
  });
});

describe('parseKRange', () => {
  it('reads ranges, lists and single values', () => {
    expect(parseKRange('1..4')).toEqual([1, 2, 3, 4]);
    expect(parseKRange(' 2 .. 3 ')).toEqual([2, 3]);
    expect(parseKRange('2,4,8')).toEqual([2, 4, 8]);
    expect(parseKRange('3')).toEqual([3]);
    expect(parseKRange('2,2,3')).toEqual([2, 3]);
  });

  it.each(['', '0', '4..2', '1..x', '1.5', '1,,2', '-1..2'])('rejects %j', (text) => {
    expect(() => parseKRange(text)).toThrow(/--k expects a range a\.\.b, a list a,b,c or one integer, all >= 1/);
  });
});

describe('select grids', () => {
  it('reads --grid values separated by ;, so that a value may be a list', () => {
    expect(parseGridOption('layers=[6,2];[5,2] ; [4,2]')).toEqual({ name: 'layers', values: ['[6,2]', '[5,2]', '[4,2]'] });
    expect(parseGridOption('lambda=1')).toEqual({ name: 'lambda', values: ['1'] });
    for (const bad of ['lambda', '=1;2', 'lambda=', 'lambda=1;;2'])
      expect(() => parseGridOption(bad)).toThrow(`--grid expects name=value1;value2;..., got '${bad}'`);
  });

  it('fits every combination, the first axis slowest', () => {
    expect(
      gridSettings([
        { name: 'layers', values: ['[6,2]', '[5,2]'] },
        { name: 'lambda', values: ['1', '2', '3'] },
      ]).map((s) => `${s.layers} ${s.lambda}`),
    ).toEqual(['[6,2] 1', '[6,2] 2', '[6,2] 3', '[5,2] 1', '[5,2] 2', '[5,2] 3']);
    expect(gridSettings([])).toEqual([{}]);
  });
});
