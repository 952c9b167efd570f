import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, paramRow, run, workDir } from './helpers.js';

// toy/views (the testing kit's capabilities model) declares two latent layers and a further criterion, CAIC, as a
// Deep Discrete Encoder declares its layers and EBIC: the CLI is tested on it, not on a real DDE fit.
const PLUGIN = fileURLToPath(new URL('./toy-views-plugin.ts', import.meta.url));
const N_TRAIN = 218;

let w: Awaited<ReturnType<typeof workDir>>;
let model: string;
beforeAll(async () => {
  await initBackend();
  w = await workDir('layers');
  model = join(w.dir, 'toy.json');
  const r = await run(['fit', 'toy/views', w.faithful, '--plugin', PLUGIN, '--set', 'nClusters=2', '--out', model]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => w.cleanup());

const errorLine = (stderr: string): string[] => linesOf(stderr).filter((l) => l.startsWith('latentkit:'));

/** `latentkit select toy/views faithful.csv --plugin <toy> <args>`. */
const selectToy = (...args: string[]) => run(['select', 'toy/views', w.faithful, '--plugin', PLUGIN, ...args]);

describe('latentkit transform --layer', () => {
  it('passes the layer to the model: layer 2 of toy/views is the mean of the layer-1 columns', async () => {
    const one = linesOf((await run(['transform', model, w.faithful, '--plugin', PLUGIN])).stdout);
    const two = await run(['transform', model, w.faithful, '--plugin', PLUGIN, '--layer', '2']);
    expect(two.code, two.stderr).toBe(0);
    const lines = linesOf(two.stdout);
    expect([one[0], lines[0]]).toEqual(['z1,z2', 'w1']);
    expect(lines).toHaveLength(one.length);
    for (let i = 1; i < lines.length; i++) {
      const [z1, z2] = one[i].split(',').map(Number);
      expect(Number(lines[i])).toBeCloseTo((z1 + z2) / 2, 12);
    }
    expect(linesOf((await run(['transform', model, w.faithful, '--plugin', PLUGIN, '--layer', '1'])).stdout)).toEqual(one);
  });

  it.each([
    [['--layer', '3'], `latentkit: --layer 3: toy/views in MODEL has 2 latent layers`],
    [['--layer', '0'], "latentkit: option '--layer <d>' argument '0' is invalid. --layer expects an integer >= 1, got '0'"],
  ])('rejects %j with one line', async (args, message) => {
    const r = await run(['transform', model, w.faithful, '--plugin', PLUGIN, ...args]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toEqual([message.replace('MODEL', model)]);
  });
});

describe('latentkit select --criterion', () => {
  it("ranks by a criterion the model reports (toy/views' CAIC), with it in the rows, the table and the CSV", async () => {
    const out = join(w.dir, 'caic.csv');
    const r = await selectToy('--param', 'nClusters', '--k', '1..2', '--criterion', 'caic', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.criterion).toBe('caic');
    for (const row of s.rows) {
      // CAIC = −2 N·logLikelihood + p (log N + 1), p = 2.
      expect(row.criteria.caic).toBeCloseTo(-2 * N_TRAIN * row.logLikelihood + 2 * (Math.log(N_TRAIN) + 1), 8);
    }
    // Both K give the same μ, so the same CAIC: the first wins the tie.
    expect(s.best).toBe(1);
    const csv = linesOf(await readFile(out, 'utf8'));
    expect(csv[0]).toBe('nClusters,logLikelihood,bic,aic,caic,nParameters,iterations,converged,seconds,testLogLikelihood,error');
    const table = linesOf((await selectToy('--param', 'nClusters', '--k', '1', '--criterion', 'caic')).stdout);
    expect(table[0]).toMatch(/: nClusters by CAIC$/);
    expect(table[1]).toMatch(/^ +nClusters +logLikelihood +BIC +AIC +CAIC +parameters +iterations/);
    expect(table[2]).toMatch(/<- lowest CAIC$/);
  });

  it('names the criteria the model reports when asked for another', async () => {
    const r = await selectToy('--param', 'nClusters', '--k', '1', '--criterion', 'ebic');
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toEqual(["latentkit: --criterion 'ebic' is not reported by toy/views; available: bic, aic, caic"]);
  });

  it('fits every combination of --k and --grid values and reports the best setting', async () => {
    const r = await selectToy('--grid', 'nClusters=1;2', '--grid', 'maxIter=1;5', '--criterion', 'aic', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.param).toBe('nClusters,maxIter');
    expect(s.rows.map((row: { setting: object }) => row.setting)).toEqual([
      { nClusters: 1, maxIter: 1 },
      { nClusters: 1, maxIter: 5 },
      { nClusters: 2, maxIter: 1 },
      { nClusters: 2, maxIter: 5 },
    ]);
    expect(s.rows.every((row: { k?: number }) => row.k === undefined)).toBe(true);
    // EM reaches μ = the column means in its first M-step, so every setting has the same AIC and the first is kept.
    expect(s.best).toEqual({ nClusters: 1, maxIter: 1 });
    const table = linesOf((await selectToy('--grid', 'nClusters=1;2', '--grid', 'maxIter=1;5')).stdout);
    expect(table[0]).toMatch(/: nClusters, maxIter by BIC$/);
    expect(table.at(-1)).toBe('best: nClusters = 1, maxIter = 1');
  });
});

describe('dde/dde on the command line', () => {
  // The DDE fit itself is integrated elsewhere: these check that its parameters parse from --set and --grid, whatever
  // the fit then does.
  const binary = async (): Promise<string> =>
    w.file(
      'binary.csv',
      ['a,b,c,d,e,f', ...Array.from({ length: 40 }, (_, i) => [0, 1, 2, 3, 4, 5].map((j) => ((i >> j) & 1) ^ (i % 3 === 0 ? 1 : 0)).join(','))].join('\n'),
    );

  it('list dde/dde shows its parameters with defaults and allowed values', async () => {
    const lines = linesOf((await run(['list', 'dde/dde'])).stdout);
    expect(lines[0]).toMatch(/^dde\/dde \(model, @latentkit\/models-dde@/);
    expect(paramRow(lines, 'layers').slice(0, 3)).toEqual(['layers', 'array', '[6,2]']);
    expect(paramRow(lines, 'layers')[3]).toMatch(/^'auto' or a JSON array of positive integers/);
    expect(paramRow(lines, 'likelihoods').slice(0, 3)).toEqual(['likelihoods', 'object', '-']);
    expect(paramRow(lines, 'sampler')[3]).toBe("one of 'gibbs', 'reference-jacobi'");
  });

  it.each([['layers=[3,1]'], ['layers=auto']])('fit --set %s parses', async (layers) => {
    const r = await run(['fit', 'dde/dde', await binary(), '--set', 'likelihood=bernoulli', '--set', layers, '--set', 'maxIter=2']);
    expect(r.stderr).not.toMatch(/parameter layers|likelihood=|unknown|--set/);
  });

  it('select varies layers and lambda over a grid, a bad value failing its own row', async () => {
    const r = await run(['select', 'dde/dde', await binary(), '--grid', 'layers=[3,1];[3,x]', '--grid', 'lambda=1;2', '--set', 'maxIter=2', '--json']);
    const s = JSON.parse(linesOf(r.stdout)[0]);
    expect(s.param).toBe('layers,lambda');
    expect(s.rows.map((row: { setting: object }) => row.setting)).toEqual([
      { layers: [3, 1], lambda: 1 },
      { layers: [3, 1], lambda: 2 },
      { layers: '[3,x]', lambda: 1 },
      { layers: '[3,x]', lambda: 2 },
    ]);
    expect(s.rows[2].error).toBe("dde/dde: parameter layers='[3,x]' is invalid: expected 'auto' or a JSON array of positive integers such as [6, 2]");
  });
});
