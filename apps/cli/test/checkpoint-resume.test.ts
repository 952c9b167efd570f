import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('checkpoint');
});
afterAll(() => w.cleanup());

/** What the model file says about the fit: parameters, engine parameters, state and trace (not its times). */
const fitOf = async (path: string) => {
  const m = JSON.parse(await readFile(path, 'utf8')) as {
    params: unknown;
    state: unknown;
    fit: { engineParams: unknown; trace: unknown; iterations: number };
  };
  return { params: m.params, engineParams: m.fit.engineParams, state: m.state, trace: m.fit.trace, iterations: m.fit.iterations };
};

const vae = (...extra: string[]) => [
  'fit',
  'vae/vae',
  w.faithful,
  ...['--set', 'latentDim=1', '--set', 'hiddenUnits=4', '--set', 'epochs=6', '--set', 'batchSize=32', '--json'],
  ...extra,
];

describe('latentkit fit --checkpoint / --resume', () => {
  it('a fit stopped after 3 of 6 epochs with a checkpoint and resumed writes the same model as the uninterrupted fit', async () => {
    const full = join(w.dir, 'full.json');
    const resumed = join(w.dir, 'resumed.json');
    const ckpt = join(w.dir, 'vae.ckpt.json');
    expect((await run(vae('--out', full))).code).toBe(0);
    const first = await run(vae('--engine-set', 'maxIter=3', '--checkpoint', ckpt, '--checkpoint-every', '3'));
    expect([first.code, JSON.parse(first.stdout).iterations]).toEqual([0, 3]);
    const second = await run(vae('--resume', ckpt, '--out', resumed));
    expect(linesOf(second.stderr).filter((l) => l.startsWith('latentkit:'))).toEqual([]);
    expect([second.code, JSON.parse(second.stdout).iterations]).toEqual([0, 6]);
    const [a, b] = [await fitOf(full), await fitOf(resumed)];
    expect(b.iterations).toBe(6);
    expect(b).toEqual(a);
  });

  it('refuses to resume with other hyperparameters, in one line naming the parameter', async () => {
    const ckpt = join(w.dir, 'gmm.ckpt.json');
    const gmm = ['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=2', '--json'];
    expect((await run([...gmm, '--checkpoint', ckpt])).code).toBe(0);
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--set', 'nComponents=3', '--resume', ckpt]);
    expect(r.code).not.toBe(0);
    expect(linesOf(r.stderr).filter((l) => !l.startsWith('note:'))).toEqual([
      `latentkit: cannot resume from ${ckpt}: hyperparameter nComponents is 2 there and 3 here`,
    ]);
  });

  it('rejects a malformed --checkpoint-every, --checkpoint-every without --checkpoint, and a --checkpoint in a missing folder before fitting', async () => {
    const bad = await run(['fit', 'mixture/gmm', w.faithful, '--checkpoint', join(w.dir, 'x.json'), '--checkpoint-every', '5 hours']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--checkpoint-every: expected a number of iterations (e.g. 10) or of minutes (e.g. 5min), got '5 hours'");
    const lonely = await run(['fit', 'mixture/gmm', w.faithful, '--checkpoint-every', '2min']);
    expect(linesOf(lonely.stderr)).toEqual(['latentkit: --checkpoint-every needs --checkpoint <file>']);
    const nowhere = join(w.dir, 'missing-folder', 'c.json');
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--checkpoint', nowhere]);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(/^latentkit: --checkpoint .*missing-folder\/c\.json: /)]);
  });
});
