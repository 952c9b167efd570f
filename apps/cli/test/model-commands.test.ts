import { initBackend, loadDataset, splitRows } from '@latentkit/core';
import { gmm } from '@latentkit/models-mixture';
import { createRegistry } from '@latentkit/registry';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
let model: string;
let fit: { train: { logLikelihood: number }; test: { logLikelihood: number }; n: number };

beforeAll(async () => {
  await initBackend();
  w = await workDir('model');
  model = join(w.dir, 'model.json');
  const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--out', model, '--json']);
  expect(r.code).toBe(0);
  fit = JSON.parse(r.stdout);
});
afterAll(() => w.cleanup());

describe('latentkit score', () => {
  it('scores a file; on all rows it is the row-weighted mean of the train and test scores', async () => {
    const r = await run(['score', model, w.faithful, '--json']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({ model: 'mixture/gmm', file: w.faithful, n: 272, d: 2 });
    // Mean over 272 rows = (218 · train + 54 · test) / 272 exactly in real arithmetic; float64 sums of the same
    // float32 per-row values differ by a few ulps only.
    const expected = (218 * fit.train.logLikelihood + 54 * fit.test.logLikelihood) / 272;
    expect(out.scores.logLikelihood).toBeCloseTo(expected, 10);
  });

  it('selects the model columns by name, in the model order', async () => {
    const text = (await readFile(w.faithful, 'utf8')).split('\n').filter(Boolean);
    const swapped = text.map((line) => {
      const [a, b, s] = line.split(',');
      return `${s},${b},${a}`;
    });
    const file = await w.file('swapped.csv', `${swapped.join('\n')}\n`);
    const r = await run(['score', model, file, '--json']);
    expect(r.code).toBe(0);
    const direct = JSON.parse((await run(['score', model, w.faithful, '--json'])).stdout);
    expect(JSON.parse(r.stdout).scores.logLikelihood).toBeCloseTo(direct.scores.logLikelihood, 10);
  });

  it('prints the scores for people without --json', async () => {
    const r = await run(['score', model, w.faithful]);
    expect(r.stdout).toMatch(/^mixture\/gmm on .*faithful\.csv \(272 rows x 2 columns\)\n {2}logLikelihood: -4\.\d+\n$/);
  });

  it('gives one line for data of the wrong dimensionality', async () => {
    const file = await w.file('three.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    const r = await run(['score', model, file, '--json']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${file}: the model in ${model} expects 2 columns (eruptions, waiting) but ${file} has 3 (a, b, c)`]);
  });

  it('maps --columns to the model columns by position, and checks their number', async () => {
    const file = await w.file('renamed.csv', 'x,y,z\n3.6,79,0\n1.8,54,0\n');
    const ok = await run(['score', model, file, '--columns', 'x,y', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).n).toBe(2);
    const bad = await run(['score', model, file, '--columns', 'x,y,z']);
    expect(bad.code).toBe(1);
    expect(linesOf(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toContain('expects 2 columns');
  });

  it('gives one line for a file that is not a model', async () => {
    const notModel = await w.file('not-model.json', '{"hello": 1}');
    const r = await run(['score', notModel, w.faithful]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${notModel} is not a latentkit model file (no "format": "latentkit-model")`]);
    const broken = await w.file('broken.json', '{');
    expect(linesOf((await run(['score', broken, w.faithful])).stderr)[0]).toMatch(/is not a latentkit model file \(invalid JSON/);
    const missing = join(w.dir, 'missing.json');
    expect(linesOf((await run(['score', missing, w.faithful])).stderr)).toEqual([`latentkit: cannot read the model file ${missing} (no such file)`]);
  });

  it('asks for --plugin when the model key is not registered', async () => {
    const saved = JSON.parse(await readFile(model, 'utf8'));
    const other = await w.file('other.json', JSON.stringify({ ...saved, key: 'other/model', plugin: { name: 'latentkit-plugin-other', version: '2.0.0' } }));
    const r = await run(['score', other, w.faithful]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)[0]).toContain(
      `latentkit: ${other} holds a 'other/model' model (saved by latentkit-plugin-other@2.0.0), which is not registered; load its plugin with --plugin <module> (registered models: `,
    );
    expect(linesOf(r.stderr)[0]).toMatch(/registered models: .*mixture\/gmm.*\)$/);
  });
});

describe('latentkit transform', () => {
  it('writes the responsibilities as CSV with a header', async () => {
    const out = join(w.dir, 'latents.csv');
    const r = await run(['transform', model, w.faithful, '--out', out]);
    expect(r.code).toBe(0);
    const lines = linesOf(await readFile(out, 'utf8'));
    expect(lines[0]).toBe('component1,component2');
    expect(lines).toHaveLength(273);
    for (const line of lines.slice(1)) {
      const [p, q] = line.split(',').map(Number);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(q).toBeGreaterThanOrEqual(0);
      // Responsibilities are exp of float32 log-probabilities: their sum is 1 to about 1e-7; 1e-5 leaves room.
      expect(Math.abs(p + q - 1)).toBeLessThan(1e-5);
    }
    expect(r.stderr).toContain(`wrote 272 rows of component1, component2 to ${out}`);
  });

  it('writes to stdout without --out', async () => {
    const r = await run(['transform', model, w.faithful]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(linesOf(r.stdout)).toHaveLength(273);
  });
});

describe('latentkit sample', () => {
  it('writes N rows with the training columns and the component, reproducibly for a seed', async () => {
    const a = join(w.dir, 'sample-a.csv');
    const b = join(w.dir, 'sample-b.csv');
    expect((await run(['sample', model, '-n', '500', '--out', a, '--seed', '3'])).code).toBe(0);
    expect((await run(['sample', model, '-n', '500', '--out', b, '--seed', '3'])).code).toBe(0);
    const text = await readFile(a, 'utf8');
    expect(text).toBe(await readFile(b, 'utf8'));
    const ds = await loadDataset(a, { label: 'component' });
    expect(ds.kind).toBe('dense');
    if (ds.kind !== 'dense') return;
    expect(ds.columns).toEqual(['eruptions', 'waiting']);
    expect(ds.nRows).toBe(500);
    expect(new Set(ds.labels)).toEqual(new Set([0, 1]));
    // Draws from the fitted model: their mean waiting time is near the data's (70.9 min, sd 13.6);
    // the standard error of a 500-draw mean is 13.6/√500 ≈ 0.61, so 3 min is about 5 standard errors.
    let sum = 0;
    for (let i = 0; i < ds.nRows; i++) sum += ds.values[i * 2 + 1];
    expect(Math.abs(sum / ds.nRows - 70.897)).toBeLessThan(3);
  });

  it('rejects -n 0 and a missing -n', async () => {
    const out = join(w.dir, 'never.csv');
    const zero = await run(['sample', model, '-n', '0', '--out', out]);
    expect(zero.code).toBe(1);
    expect(linesOf(zero.stderr)).toEqual(["latentkit: option '-n, --n <count>' argument '0' is invalid. -n expects an integer >= 1, got '0'"]);
    expect((await run(['sample', model, '--out', out])).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('latentkit report', () => {
  it('writes a self-contained HTML page with static SVG plots, using the recorded training data', async () => {
    const out = join(w.dir, 'report.html');
    const r = await run(['report', model, '--out', out]);
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const fitted = createRegistry()
      .register(gmm)
      .load(JSON.parse(await readFile(model, 'utf8')));
    const train = splitRows(await loadDataset(w.faithful), 'train');
    const plots = fitted.report!(train).plots.length;
    expect(plots).toBeGreaterThan(fitted.report!().plots.length);
    // The model's own section, then one plot per declared view (with data: means, weights, rows by component).
    expect(fitted.views!(train)).toHaveLength(3);
    expect((html.match(/<svg/g) ?? []).length).toBe(plots + 3);
    expect(html).not.toContain('could not be rendered');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/https?:/);
    expect(html).toContain('mixture/gmm');
    expect(html).toContain(`${w.faithful} (its 218 train rows)`);
    expect(html).toContain('eruptions, waiting');
    expect(r.stderr).toContain(`report written to ${out}`);
  });

  it('uses --data when given, and reports without data plots when the training file is gone', async () => {
    const copy = await w.file('copy.csv', await readFile(w.faithful, 'utf8'));
    const out = join(w.dir, 'report-data.html');
    expect((await run(['report', model, '--out', out, '--data', copy])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain(`${copy} (272 rows)`);

    const saved = JSON.parse(await readFile(model, 'utf8'));
    const gone = join(w.dir, 'gone.csv');
    const moved = await w.file(
      'moved.json',
      JSON.stringify({ ...saved, data: { ...saved.data, source: gone, file: { absolute: gone, relative: 'gone.csv' } } }),
    );
    const out2 = join(w.dir, 'report-nodata.html');
    const r = await run(['report', moved, '--out', out2]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('was not found; pass --data <file> for the data plots');
    const fitted = createRegistry().register(gmm).load(saved);
    // Without data: the model section's data-free plots and its data-free views (means and weights).
    expect(fitted.views!()).toHaveLength(2);
    expect(((await readFile(out2, 'utf8')).match(/<svg/g) ?? []).length).toBe(fitted.report!().plots.length + 2);
  });
});

describe('latentkit list', () => {
  it('prints one JSON line with models, engines, estimators, metrics and datasets', async () => {
    const r = await run(['list', '--json']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out)).toEqual(['backend', 'models', 'inference', 'estimators', 'metrics', 'datasets']);
    const gmm = out.models.find((m: { key: string }) => m.key === 'mixture/gmm');
    expect(gmm).toMatchObject({ package: '@latentkit/models-mixture', engines: ['inference/em'] });
    expect(gmm.params.find((p: { name: string }) => p.name === 'nComponents')).toEqual({
      name: 'nComponents',
      type: 'integer',
      default: 1,
      range: 'an integer >= 1',
      description: 'Number of mixture components K.',
    });
    expect(out.inference.map((e: { key: string }) => e.key)).toContain('inference/em');
    expect(out.estimators.map((e: { key: string }) => e.key)).toEqual([
      'estimators/gumbel-softmax',
      'estimators/leave-one-out',
      'estimators/reparam',
      'estimators/score-function',
      'estimators/straight-through',
    ]);
    expect(out.estimators.find((e: { key: string }) => e.key === 'estimators/leave-one-out')).toMatchObject({
      package: '@latentkit/inference',
      supports: ['gaussian', 'bernoulli', 'categorical'],
      pathwise: false,
      unbiased: true,
      minParticles: 2,
    });
    expect(out.datasets.length).toBeGreaterThan(0);
  });

  it('prints a readable listing', async () => {
    const r = await run(['list']);
    expect(r.stdout).toMatch(/^backend: \w+\n\nmodels\n/);
    expect(r.stdout).toMatch(/\n {2}mixture\/gmm +@latentkit\/models-mixture@\d/);
    expect(r.stdout).toMatch(/ {6}nComponents +1 +an integer >= 1/);
    expect(r.stdout).toMatch(/inference engines\n(  \S.*\n)*  inference\/em /);
    expect(r.stdout).toMatch(
      /\nestimators\n(.*\n)* {2}estimators\/reparam +@latentkit\/inference@\S+ +Reparameterisation.*\n {6}latents: gaussian; unbiased: yes; pathwise: yes; particles: >= 1\n/,
    );
  });

  it('adds the plugins of --plugin modules', async () => {
    const plugin = await w.file(
      'metric-plugin.mjs',
      "export default { kind: 'metric', meta: { id: 'always-one', namespace: 'metrics', name: 'latentkit-metric-one', version: '0.0.1', apiVersion: 1 }, params: {}, defaults: {}, compute: () => ({ value: 1 }) };\n",
    );
    const r = await run(['list', '--json', '--plugin', plugin]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics).toContainEqual({ key: 'metrics/always-one', package: 'latentkit-metric-one', version: '0.0.1', params: [] });
    const estimator = await w.file(
      'estimator-plugin.mjs',
      "export default { kind: 'estimator', meta: { id: 'my-reinforce', namespace: 'estimators', name: 'latentkit-estimator-mine', version: '0.0.1', apiVersion: 1 }, description: 'mine', supports: ['bernoulli'], pathwise: false, unbiased: true, minParticles: 1, create: () => ({}) };\n",
    );
    const withEstimator = await run(['list', '--json', '--plugin', estimator]);
    expect(withEstimator.code).toBe(0);
    expect(JSON.parse(withEstimator.stdout).estimators).toContainEqual({
      key: 'estimators/my-reinforce',
      package: 'latentkit-estimator-mine',
      version: '0.0.1',
      description: 'mine',
      supports: ['bernoulli'],
      pathwise: false,
      unbiased: true,
      minParticles: 1,
    });
    const bad = await run(['list', '--plugin', './nowhere.mjs']);
    expect(bad.code).toBe(1);
    expect(linesOf(bad.stderr)[0]).toMatch(/^latentkit: cannot load plugin module '\.\/nowhere\.mjs' \(from /);
  });
});

describe('model commands', () => {
  it('leak no tensors', async () => {
    await run(['score', model, w.faithful]);
    const before = tf.memory().numTensors;
    expect((await run(['score', model, w.faithful, '--json'])).code).toBe(0);
    expect((await run(['transform', model, w.faithful, '--out', join(w.dir, 'leak.csv')])).code).toBe(0);
    expect((await run(['sample', model, '-n', '20', '--out', join(w.dir, 'leak-sample.csv')])).code).toBe(0);
    expect((await run(['report', model, '--out', join(w.dir, 'leak.html')])).code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
