import { buildRegistry } from '@latentkit/app';
import { initBackend } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, expandStudy, type StudyJob } from './expand.js';
import { runStudyJob } from './run-job.js';
import { runStudyLocally } from './run-study.js';
import { parseStudySpec } from './spec.js';
import { ResultStore } from './store.js';
import { plotVariable, studyReport, studyTable, summarize, toCsv } from './table.js';

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-study-'));
  registry = await buildRegistry({ cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = `
name: gmm-ari
seed: 7
replicates: 2
models:
  - key: mixture/gmm
    label: GMM
    params: { nComponents: 3 }
datasets:
  - key: datasets/synthetic-gmm
    options: { k: 3, separation: 4 }
    grid: { n: [60, 90] }
metrics:
  - { metric: ari, truth: labels, pred: predict }
  - score
`;

describe('parseStudySpec', () => {
  it('reads YAML and JSON', () => {
    expect(parseStudySpec(SPEC, 'study.yaml').models[0].params).toEqual({ nComponents: 3 });
    const json = JSON.stringify({ name: 'a', models: [{ key: 'mixture/gmm' }], datasets: [{ key: 'datasets/iris' }], metrics: ['score'] });
    expect(parseStudySpec(json, 'study.json').name).toBe('a');
  });

  it('names the file, line, column and field of an invalid spec in one line', () => {
    const bad = SPEC.replace('params: { nComponents: 3 }', 'paramz: { nComponents: 3 }');
    expect(() => parseStudySpec(bad, 'study.yaml')).toThrow("study.yaml:8:5: /models/0: unknown field 'paramz'");
    expect(() => parseStudySpec(SPEC.replace('name: gmm-ari', 'name: GMM ari'), 's.yaml')).toThrow(
      's.yaml:2:7: /name: expected a kebab-case name (a-z, 0-9, -)',
    );
    expect(() => parseStudySpec(SPEC.replace('truth: labels', 'truth: lables'), 's.yaml')).toThrow(
      's.yaml:14:27: /metrics/0/truth: expected one of labels, factors',
    );
    expect(() => parseStudySpec(SPEC.replace('  - score', '  - scores'), 's.yaml')).toThrow(
      "s.yaml:15:5: /metrics/1: expected 'score' or { metric, truth, pred }",
    );
    expect(() => parseStudySpec(SPEC.replace('    options: { k', '    path: x.csv\n    options: { k'), 's.yaml')).toThrow(
      's.yaml:10:5: /datasets/0: expected exactly one of key or path',
    );
    expect(() => parseStudySpec('name: x\nmodels: [', 's.yaml')).toThrow(/^s\.yaml:2:\d+: /);
    expect(() => parseStudySpec('name: x\n', 's.yaml')).toThrow('s.yaml:1:1: /models: missing');
  });
});

describe('expandStudy', () => {
  it('crosses models, grids, datasets and replicates, with seeds that depend on the job alone', () => {
    const spec = parseStudySpec(SPEC, 'study.yaml');
    const jobs = expandStudy(spec);
    expect(jobs.map((j) => [j.vars.n, j.replicate])).toEqual([
      [60, 0],
      [60, 1],
      [90, 0],
      [90, 1],
    ]);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(4);
    expect(new Set(jobs.map((j) => j.seed)).size).toBe(4);
    // Another model and another n leave the existing jobs (ids and seeds) as they were, except the data seed is
    // shared by every model of a replicate.
    const wider = expandStudy({
      ...spec,
      models: [...spec.models, { key: 'mixture/gmm', label: 'GMM diag', params: { nComponents: 3, covarianceType: 'diag' } }],
      datasets: [{ ...spec.datasets[0], grid: { n: [60, 90, 120] } }],
    });
    for (const j of jobs) expect(wider.find((w) => w.id === j.id)).toMatchObject({ seed: j.seed, dataSeed: j.dataSeed });
    const diag = wider.filter((w) => w.model.label === 'GMM diag' && w.vars.n === 60);
    expect(diag.map((w) => w.dataSeed)).toEqual(jobs.filter((j) => j.vars.n === 60).map((j) => j.dataSeed));
    expect(diag.map((w) => w.seed)).not.toEqual(jobs.filter((j) => j.vars.n === 60).map((j) => j.seed));
    expect(deriveSeed(1, { a: 1, b: 2 })).toBe(deriveSeed(1, { b: 2, a: 1 }));
    expect(deriveSeed(1, { a: 1 })).not.toBe(deriveSeed(2, { a: 1 }));
  });

  it('pairs a dataset with the models it names only', () => {
    const spec = parseStudySpec(SPEC, 'study.yaml');
    const jobs = expandStudy({
      ...spec,
      models: [...spec.models, { key: 'mixture/gmm', label: 'other' }],
      datasets: [{ ...spec.datasets[0], models: ['other'] }, { key: 'datasets/iris' }],
    });
    expect(jobs.map((j) => `${j.model.label}:${j.data.label}`)).toEqual([
      ...Array(2).fill('GMM:datasets/iris'),
      ...Array(4).fill('other:datasets/synthetic-gmm'),
      ...Array(2).fill('other:datasets/iris'),
    ]);
    expect(() => parseStudySpec(SPEC.replace('    grid: { n: [60, 90] }', '    grid: { n: [60, 90] }\n    models: [GNM]'), 's.yaml')).toThrow(
      "s.yaml:13:13: /datasets/0/models: no model is labelled 'GNM'; the models are GMM",
    );
  });

  it('uses explicit seeds as both data and fit seeds, or each its own', () => {
    const jobs = expandStudy({ ...parseStudySpec(SPEC, 'study.yaml'), replicates: undefined, seeds: [3, 4] });
    expect(jobs.map((j) => [j.seed, j.dataSeed])).toEqual([
      [3, 3],
      [4, 4],
      [3, 3],
      [4, 4],
    ]);
    const pairs = expandStudy({ ...parseStudySpec(SPEC, 'study.yaml'), replicates: undefined, seeds: [{ data: 50, fit: 0 }, 7] });
    expect(pairs.slice(0, 2).map((j) => [j.dataSeed, j.seed])).toEqual([
      [50, 0],
      [7, 7],
    ]);
    expect(() => parseStudySpec(SPEC.replace('replicates: 2', 'seeds: [1, { data: 2 }]'), 's.yaml')).toThrow(
      's.yaml:4:12: /seeds/1: expected a seed (an integer in [0, 2³¹)) or { data, fit }',
    );
  });
});

describe('runStudyJob', () => {
  const job = (): StudyJob => expandStudy(parseStudySpec(SPEC, 'study.yaml'))[0];

  it('fits a registered model to a registered dataset and computes the metrics against the truth', async () => {
    const result = await runStudyJob(job(), { registry });
    expect(result.status).toBe('done');
    expect(result.metrics.ari).toBeGreaterThan(0.5);
    expect(Object.keys(result.metrics)).toEqual(['ari', 'train:logLikelihood', 'test:logLikelihood']);
    // The same job gives the same numbers.
    expect((await runStudyJob(job(), { registry })).metrics).toEqual(result.metrics);
  });

  it('rejects unknown plugins, invalid parameters and data outside the data root in one line, running nothing', async () => {
    const j = job();
    const reject = async (changed: StudyJob, root?: string) => {
      const r = await runStudyJob(changed, { registry, dataRoot: root });
      expect(r.status).toBe('rejected');
      expect(r.error).not.toMatch(/\n/);
      return r.error;
    };
    expect(await reject({ ...j, model: { ...j.model, key: 'mixture/gnm' } })).toMatch(/^model: unknown model 'mixture\/gnm'; registered models: /);
    expect(await reject({ ...j, model: { ...j.model, params: { nComponents: -1 } } })).toMatch(/^mixture\/gmm parameters: .*nComponents/);
    expect(await reject({ ...j, metrics: [{ metric: 'arii', truth: 'labels', pred: 'predict' }] })).toMatch(
      /^unknown metric 'arii'; registered metrics: .*metrics\/ari/,
    );
    expect(await reject({ ...j, data: { ...j.data, key: 'datasets/nope' } })).toMatch(/^unknown dataset 'datasets\/nope'/);
    const root = join(dir, 'root');
    const outside = join(dir, 'outside.csv');
    writeFileSync(outside, 'a,b\n1,2\n3,4\n');
    const { key: _key, ...fileData } = j.data;
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    symlinkSync(outside, join(root, 'link.csv'));
    expect(await reject({ ...j, data: { ...fileData, path: '../outside.csv', options: {} } }, root)).toMatch(
      /^data path '\.\.\/outside\.csv' is outside the data root /,
    );
    expect(await reject({ ...j, data: { ...fileData, path: outside, options: {} } }, root)).toMatch(/is outside the data root/);
    expect(await reject({ ...j, data: { ...fileData, path: 'link.csv', options: {} } }, root)).toMatch(/^data path 'link\.csv' is outside the data root/);
    expect(await reject({ ...j, data: { ...fileData, path: 'x.csv', options: {} } })).toMatch(/no data root/);
  });

  it('reads a file under the data root with its label column', async () => {
    const root = join(dir, 'data');
    mkdirSync(root, { recursive: true });
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${(i % 2 ? 5 : -5) + ((i * 7) % 11) / 10},${(i % 2 ? 3 : -3) + ((i * 5) % 13) / 10},${i % 2 ? 'b' : 'a'}`,
    );
    writeFileSync(join(root, 'two.csv'), `x,y,cls\n${rows.join('\n')}\n`);
    const j = job();
    const r = await runStudyJob(
      { ...j, model: { ...j.model, params: { nComponents: 2 } }, data: { label: 'two', path: 'two.csv', options: {}, labelColumn: 'cls' } },
      { registry, dataRoot: root },
    );
    expect(r).toMatchObject({ status: 'done', metrics: { ari: 1 } });
  });

  it('keeps the rows of the groups and the columns a metric names, with name* for a prefix', async () => {
    const j = job();
    const sim = { label: 'sim', key: 'datasets/contrastive-sim', options: { nBackground: 40, nTarget: 40, dx: 4 } };
    const mcc = (groups: string[], truthColumns: string[]) => ({ metric: 'mcc', truth: 'factors' as const, pred: 'transform' as const, groups, truthColumns });
    const run = (metrics: StudyJob['metrics']) => runStudyJob({ ...j, model: { ...j.model, params: { nComponents: 2 } }, data: sim, metrics }, { registry });
    const done = await run([mcc(['target'], ['z*']), { ...mcc(['background', 'target'], ['z1', 'z2']), name: 'all' }]);
    expect(done.status).toBe('done');
    expect(done.metrics.mcc).not.toBe(done.metrics.all);
    expect(await run([mcc(['targets'], ['z*'])])).toMatchObject({
      status: 'failed',
      error: "metric mcc: no rows of the groups targets; the data's groups are background, target",
    });
    expect(await run([mcc(['target'], ['w*'])])).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^metrics\/mcc truth has no column 'w\*'; it has z1, z2, t1, t2$/),
    });
  });

  it('records a failing fit as failed with its message', async () => {
    const j = job();
    const r = await runStudyJob({ ...j, metrics: [{ metric: 'mcc', truth: 'factors', pred: 'transform' }] }, { registry });
    expect(r).toMatchObject({ status: 'failed', error: 'metric mcc: the data have no true factors' });
  });
});

describe('runStudyLocally', () => {
  it('records every job once, resumes, and tables, summarises and plots the results', async () => {
    const spec = parseStudySpec(SPEC, 'study.yaml');
    const jobs = expandStudy(spec);
    const file = join(dir, 'run', 'results.jsonl');
    const abort = new AbortController();
    let seen = 0;
    const first = await runStudyLocally(jobs, await ResultStore.open(file), {
      registry,
      signal: abort.signal,
      onResult: () => ++seen === 2 && abort.abort(),
    });
    expect(first).toEqual({ ran: 2, skipped: 0, cancelled: true });
    const second = await runStudyLocally(jobs, await ResultStore.open(file), { registry });
    expect(second).toEqual({ ran: 2, skipped: 2, cancelled: false });
    const store = await ResultStore.open(file);
    expect(await runStudyLocally(jobs, store, { registry })).toEqual({ ran: 0, skipped: 4, cancelled: false });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    const table = studyTable(jobs, store.results);
    expect(table.columns).toEqual([
      'id',
      'model',
      'dataset',
      'replicate',
      'seed',
      'dataSeed',
      'n',
      'status',
      'ari',
      'train:logLikelihood',
      'test:logLikelihood',
      'iterations',
      'error',
    ]);
    expect(toCsv(table).split('\n')[1]).toMatch(new RegExp(`^${jobs[0].id},GMM,datasets/synthetic-gmm,0,${jobs[0].seed},${jobs[0].dataSeed},60,done,`));
    expect(plotVariable(table)).toBe('n');
    const ari = summarize(table, 'n').filter((p) => p.metric === 'ari');
    expect(ari.map((p) => [p.x, p.n])).toEqual([
      [60, 2],
      [90, 2],
    ]);
    const rows = table.rows.filter((r) => r.n === 60).map((r) => r.ari as number);
    expect(ari[0].mean).toBeCloseTo((rows[0] + rows[1]) / 2, 12);
    expect(ari[0].se).toBeCloseTo(Math.abs(rows[0] - rows[1]) / 2, 12);
    const report = studyReport(table);
    expect(report.plots.map((p) => p.title)).toEqual(['ari against n', 'train:logLikelihood against n', 'test:logLikelihood against n']);
    expect(report.summary).toMatchObject({ jobs: 4, done: 4 });
  });
});
