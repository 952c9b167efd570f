import { initBackend } from '@latentkit/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
const saved: Record<string, any> = {};

/** Fit `model` on faithful with `set` and keep its model file's JSON. */
async function fitted(name: string, model: string, set: readonly string[]): Promise<void> {
  const out = join(w.dir, `${name}.json`);
  const r = await run(['fit', model, w.faithful, ...set.flatMap((s) => ['--set', s]), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  saved[name] = JSON.parse(await readFile(out, 'utf8'));
}

beforeAll(async () => {
  await initBackend();
  w = await workDir('model-checks');
  await fitted('gmm', 'mixture/gmm', ['nComponents=2']);
  await fitted('diag', 'mixture/gmm', ['nComponents=2', 'covarianceType=diag']);
  await fitted('bgm', 'mixture/bayesian-gmm', ['nComponents=2']);
  await fitted('fa', 'factor/fa', ['nComponents=1']);
  await fitted('ppca', 'factor/ppca', ['nComponents=1']);
  await fitted('vae', 'vae/vae', ['latentDim=1', 'hiddenUnits=4', 'epochs=2']);
}, 120_000);
afterAll(() => w.cleanup());

/** Write `name`'s model file changed by `corrupt`, run `latentkit score` on it, and return the one line printed. */
async function scoreCorrupted(name: string, corrupt: (json: any) => void): Promise<string[]> {
  const json = structuredClone(saved[name]);
  corrupt(json);
  const file = join(w.dir, `${name}-corrupt.json`);
  await writeFile(file, JSON.stringify(json));
  const r = await run(['score', file, w.faithful]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  return linesOf(r.stderr).map((l) => l.replace(`${file}: `, 'FILE: '));
}

describe('loading a model file checks its state, one line naming the file and the field', () => {
  it('the uncorrupted files load and score', async () => {
    for (const name of Object.keys(saved)) expect((await run(['score', join(w.dir, `${name}.json`), w.faithful])).code, name).toBe(0);
  });

  it.each([
    [
      'a negative GMM weight',
      'gmm',
      (j: any): unknown => (j.state.weights = [-0.1, 1.1]),
      'FILE: mixture/gmm model file: state.weights[0] is -0.1; expected a probability >= 0',
    ],
    [
      'GMM weights that do not sum to 1',
      'gmm',
      (j: any): unknown => (j.state.weights = [0.5, 0.4]),
      'FILE: mixture/gmm model file: state.weights sum to 0.9; expected 1 (within 0.000001)',
    ],
    [
      'a GMM covariance that is not positive definite',
      'gmm',
      (j: any): unknown =>
        (j.state.covariances[1] = [
          [1, 2],
          [2, 1],
        ]),
      'FILE: mixture/gmm model file: state.covariances[1] is not positive definite',
    ],
    [
      'a GMM covariance that is not symmetric',
      'gmm',
      (j: any): unknown =>
        (j.state.covariances[0] = [
          [1, 0.5],
          [0.2, 1],
        ]),
      'FILE: mixture/gmm model file: state.covariances[0] is not symmetric: [1][0] is 0.2 but [0][1] is 0.5',
    ],
    [
      'GMM means of the wrong shape',
      'gmm',
      (j: any): unknown => j.state.means.push([0, 0]),
      'FILE: mixture/gmm model file: state.means must have 2 rows (2×2)',
    ],
    [
      'a diag GMM covariance with an off-diagonal entry',
      'diag',
      (j: any): unknown => (j.state.covariances[0][0][1] = j.state.covariances[0][1][0] = 0.01),
      "FILE: mixture/gmm model file: state.covariances[0][0][1] is 0.01; expected 0 for covarianceType 'diag'",
    ],
    [
      'Bayesian GMM degrees of freedom below D − 1',
      'bgm',
      (j: any): unknown => (j.state.degreesOfFreedom[1] = 0.5),
      'FILE: mixture/bayesian-gmm model file: state.degreesOfFreedom[1] is 0.5; expected more than D − 1 = 1',
    ],
    [
      'a Bayesian GMM covariance that is not positive definite',
      'bgm',
      (j: any): unknown =>
        (j.state.covariances[0] = [
          [-1, 0],
          [0, 1],
        ]),
      'FILE: mixture/bayesian-gmm model file: state.covariances[0] is not positive definite',
    ],
    [
      'a negative FA noise variance',
      'fa',
      (j: any): unknown => (j.state.noiseVariance[1] = -0.5),
      'FILE: factor/fa model file: state.noiseVariance[1] is -0.5; expected a positive number',
    ],
    ['FA loadings of the wrong shape', 'fa', (j: any): unknown => j.state.loadings.pop(), 'FILE: factor/fa model file: state.loadings must have 2 rows (2×1)'],
    [
      'a zero PPCA noise variance',
      'ppca',
      (j: any): unknown => (j.state.noiseVariance = 0),
      'FILE: factor/ppca model file: state.noiseVariance is 0; expected a positive number',
    ],
    [
      'VAE weights of the wrong shape',
      'vae',
      (j: any) => {
        const name = Object.keys(j.state.weights)[0];
        j.state.weights[name] = [[1]];
      },
      /^FILE: vae\/vae model file: state\.weights\.\S+ must be a nested array of shape \[\d+(, \d+)*\] of finite numbers$/,
    ],
    [
      'a VAE input scale of 0',
      'vae',
      (j: any): unknown => (j.state.input.scale[0] = 0),
      'FILE: vae/vae model file: state.input.scale[0] is 0; expected a positive number',
    ],
  ] as const)('%s', async (_, name, corrupt, expected) => {
    const lines = await scoreCorrupted(name, corrupt);
    expect(lines).toHaveLength(1);
    if (typeof expected === 'string') expect(lines[0]).toBe(`latentkit: ${expected}`);
    else expect(lines[0].replace(/^latentkit: /, '')).toMatch(expected);
  });

  it('LDA: a negative topic-word weight and topic-word weights of the wrong shape', async () => {
    const data = ['datasets/lda-corpus', '--data', 'nDocs=20', '--data', 'vocabSize=30'];
    const out = join(w.dir, 'lda.json');
    expect((await run(['fit', 'topic/lda', ...data, '--set', 'nComponents=2', '--set', 'maxIter=3', '--out', out])).code).toBe(0);
    const lda = JSON.parse(await readFile(out, 'utf8'));
    const cases: [(j: any) => unknown, string][] = [
      [
        (j) => (j.state.components[1][4] = -0.5),
        'topic/lda model file: state.components[1][4] is -0.5; expected a positive number (topic-word weights λ are > 0)',
      ],
      [(j) => j.state.components.pop(), 'topic/lda model file: state.components must have 2 rows (K×V = 2×30)'],
      [(j) => j.state.components[0].pop(), 'topic/lda model file: state.components[0] must hold 30 numbers'],
    ];
    for (const [corrupt, message] of cases) {
      const json = structuredClone(lda);
      corrupt(json);
      const file = join(w.dir, 'lda-corrupt.json');
      await writeFile(file, JSON.stringify(json));
      const r = await run(['score', file, ...data]);
      expect(r.code).toBe(1);
      expect(linesOf(r.stderr)).toEqual([`latentkit: ${file}: ${message}`]);
    }
  });
});
