import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, paramRow, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('engine-params');
});
afterAll(() => w.cleanup());

const VAE = ['--set', 'latentDim=1', '--set', 'hiddenUnits=4', '--set', 'epochs=5', '--json'];

describe('latentkit fit --engine-set / --estimator-set', () => {
  it("sets the engine's parameters over the model's defaults for it (VAE epochs are inference/vi's maxIter)", async () => {
    const plain = await run(['fit', 'vae/vae', w.faithful, ...VAE]);
    expect([plain.code, JSON.parse(plain.stdout).iterations]).toEqual([0, 5]);
    const r = await run([
      'fit',
      'vae/vae',
      w.faithful,
      ...VAE,
      '--engine-set',
      'maxIter=2',
      '--engine-set',
      'optimizer=sgd',
      '--engine-set',
      'lrSchedule=step',
    ]);
    expect(r.stderr).not.toMatch(/latentkit:/);
    expect([r.code, JSON.parse(r.stdout).iterations]).toEqual([0, 2]);
  });

  it("passes --estimator-set to the engine's estimator, checked against its parameters", async () => {
    const sf = ['--engine-set', 'maxIter=1', '--engine-set', 'estimator=estimators/score-function'];
    const out = join(w.dir, 'sf.json');
    const ok = await run([
      'fit',
      'vae/vae',
      w.faithful,
      ...VAE,
      ...sf,
      '--estimator-set',
      'baseline=learned',
      '--estimator-set',
      'baselineHiddenUnits=4',
      '--out',
      out,
    ]);
    expect([ok.code, ok.stderr]).toEqual([0, expect.not.stringMatching(/latentkit:/)]);
    // The model file records the estimator's parameters as resolved (given ones, then its defaults).
    const saved = JSON.parse(await readFile(out, 'utf8'));
    expect(saved.fit.engineParams.estimator).toBe('estimators/score-function');
    expect(saved.fit.estimatorParams).toEqual({ baseline: 'learned', baselineDecay: 0.9, baselineHiddenUnits: 4 });
    const bad = await run(['fit', 'vae/vae', w.faithful, ...VAE, ...sf, '--estimator-set', 'baseline=median']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      "latentkit: estimators/score-function: parameter baseline='median' is invalid: expected one of 'none', 'moving-average', 'learned'\n",
    ]);
    const reparam = await run(['fit', 'vae/vae', w.faithful, ...VAE, '--estimator-set', 'baseline=learned']);
    expect(reparam.stderr).toBe('latentkit: --estimator-set: estimators/reparam has no parameters\n');
    const em = await run(['fit', 'mixture/gmm', w.faithful, '--estimator-set', 'baseline=learned']);
    expect(em.stderr).toBe('latentkit: --estimator-set: inference/em uses no gradient estimator\n');
  });

  it('rejects a bad value or an unknown name with one line naming the engine and the parameter', async () => {
    const bad = await run(['fit', 'vae/vae', w.faithful, ...VAE, '--engine-set', 'learningRate=fast']);
    expect([bad.code, bad.stderr]).toEqual([1, "latentkit: inference/vi: parameter learningRate='fast' is invalid: expected a number > 0\n"]);
    const unknown = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--engine-set', 'batchSize=4']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("latentkit: inference/em: unknown parameter 'batchSize'; known parameters: maxIter, tol\n");
    const noEquals = await run(['fit', 'mixture/gmm', w.faithful, '--engine-set', 'maxIter']);
    expect(noEquals.stderr).toBe("latentkit: --engine-set expects name=value, got 'maxIter'\n");
  });

  it('takes --engine-set in select too', async () => {
    const r = await run(['select', 'mixture/gmm', w.faithful, '--k', '1..2', '--set', 'tol=0', '--engine-set', 'maxIter=3', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows.map((row: { iterations: number }) => row.iterations)).toEqual([3, 3]);
  });
});

describe('latentkit list <engine or estimator>', () => {
  it('shows the parameters of inference/vi with their defaults, to set with --engine-set', async () => {
    const lines = linesOf((await run(['list', 'inference/vi'])).stdout);
    expect(lines).toContain('  parameters (--engine-set name=value):');
    const row = (name: string) => paramRow(lines, name);
    expect(row('learningRate').slice(0, 4)).toEqual(['learningRate', 'number', '0.001', 'a number > 0']);
    expect(row('optimizer').slice(0, 4)).toEqual(['optimizer', 'string', 'adam', "one of 'adam', 'sgd'"]);
    expect(row('maxIter').slice(0, 3)).toEqual(['maxIter', 'integer', '100']);
    expect(row('estimator').slice(0, 3)).toEqual(['estimator', 'string', 'estimators/reparam']);
  });

  it('shows the parameters of an estimator, to set with --estimator-set', async () => {
    const r = await run(['list', 'estimators/score-function', '--json']);
    const d = JSON.parse(r.stdout);
    expect(d.params.map((p: { name: string; default: unknown }) => [p.name, p.default])).toEqual([
      ['baseline', 'moving-average'],
      ['baselineDecay', 0.9],
      ['baselineHiddenUnits', 16],
    ]);
    expect(linesOf((await run(['list', 'estimators/score-function'])).stdout)).toContain('  parameters (--estimator-set name=value):');
  });
});
