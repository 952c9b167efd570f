import { describe, expect, it } from 'vitest';
import { closestKeys, editDistance } from '../src/commands/list-plugin.js';
import { linesOf, paramRow, run } from './helpers.js';

describe('latentkit list <key>', () => {
  it("shows a model's description, engines and every parameter with its type, default and allowed values", async () => {
    const r = await run(['list', 'mixture/gmm']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines[0]).toMatch(/^mixture\/gmm \(model, @latentkit\/models-mixture@\d+\.\d+\.\d+\)$/);
    expect(lines[1]).toBe('  Gaussian mixture (full, diag, spherical or tied covariance) fitted by EM');
    expect(lines).toContain('  engines: inference/em');
    expect(lines).toContain('  parameters (--set name=value):');
    const row = (name: string) => paramRow(lines, name);
    expect(row('nComponents')).toEqual(['nComponents', 'integer', '1', 'an integer >= 1', 'Number of mixture components K.']);
    expect(row('covarianceType')).toEqual(['covarianceType', 'string', 'full', "one of 'full', 'diag', 'spherical', 'tied'", 'Covariance parameterisation.']);
    expect(row('tol').slice(0, 3)).toEqual(['tol', 'number', '0.001']);
  });

  it('prints one JSON line with --json, with the same parameters as latentkit list --json', async () => {
    const one = JSON.parse((await run(['list', 'mixture/gmm', '--json'])).stdout);
    const all = JSON.parse((await run(['list', '--json'])).stdout);
    expect(one.kind).toBe('model');
    expect(one.params).toEqual(all.models.find((m: { key: string }) => m.key === 'mixture/gmm').params);
  });

  it('shows a dataset with its --data options, an engine with its defaults, and a metric', async () => {
    const ds = linesOf((await run(['list', 'datasets/synthetic-gmm'])).stdout);
    expect(ds[0]).toMatch(/^datasets\/synthetic-gmm \(dataset, /);
    expect(ds).toContain('  options (--data name=value):');
    expect(ds.find((l) => l.trimStart().startsWith('separation '))).toMatch(/^ {4}separation +number +4 +a number >= 0 +Standard deviation/);
    const em = linesOf((await run(['list', 'inference/em'])).stdout);
    expect(em).toContain('  continues: yes (registry.continueFit resumes its fits)');
    expect(em).toContain('  parameters (--engine-set name=value):');
    expect(em.find((l) => l.trimStart().startsWith('maxIter '))).toMatch(/^ {4}maxIter +integer +100 +an integer >= 1 +Most EM steps per run\./);
    const mig = await run(['list', 'metrics/mig']);
    expect(mig.code).toBe(0);
    expect(linesOf(mig.stdout)[0]).toMatch(/^metrics\/mig \(metric, /);
  });

  it('rejects an unknown key with one line suggesting the closest keys', async () => {
    const typo = await run(['list', 'mixture/gnm']);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe('');
    expect(linesOf(typo.stderr)).toEqual(["latentkit: unknown plugin key 'mixture/gnm'; did you mean mixture/gmm?"]);
    const bare = await run(['list', 'lda']);
    expect(linesOf(bare.stderr)).toEqual(["latentkit: unknown plugin key 'lda'; did you mean topic/lda, datasets/lda-corpus?"]);
    const far = await run(['list', 'zzzzzzzzzzzz']);
    expect(linesOf(far.stderr)).toEqual(["latentkit: unknown plugin key 'zzzzzzzzzzzz'; latentkit list shows every key"]);
  });

  it('fit --help points to latentkit list <model-key> for the parameters', async () => {
    const r = await run(['fit', '--help']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)).toContain("The model's hyperparameters (--set name=value), with types, defaults and allowed values: latentkit list <model-key>");
  });
});

describe('closestKeys', () => {
  it('ranks an exact id first, then ids containing the query; near misses by edit distance only when nothing contains it', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    const keys = ['mixture/gmm', 'mixture/bayesian-gmm', 'factor/fa', 'factor/ppca', 'topic/lda'];
    expect(closestKeys('gmm', keys)).toEqual(['mixture/gmm', 'mixture/bayesian-gmm']);
    expect(closestKeys('factor/pca', keys)).toEqual(['factor/ppca', 'factor/fa']);
    expect(closestKeys('factor/ppcaa', keys)).toEqual(['factor/ppca']);
    expect(closestKeys('qqqqqqq', keys)).toEqual([]);
  });
});
