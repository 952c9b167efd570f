import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('gmm-numerics');
});
afterAll(() => w.cleanup());

/** 40 rows in two tight clusters near (3, 3) and (3.5, 2.5), spread on a fixed grid, every value + `shift`. */
function clusters(shift: number, outlier = false): string {
  const rows = ['x,y'];
  for (let i = 0; i < 40; i++) {
    const [cx, cy] = i % 2 === 0 ? [3, 3] : [3.5, 2.5];
    const dx = ((i * 7) % 11) / 50 - 0.1;
    const dy = ((i * 5) % 13) / 60 - 0.1;
    rows.push(`${outlier && i === 5 ? 1000 + shift : cx + dx + shift},${cy + dy + shift}`);
  }
  return rows.join('\n') + '\n';
}

describe('latentkit fit mixture/gmm on numerically hard data', () => {
  it('fits data shifted by 1e6 to the log-likelihood of the unshifted data', async () => {
    const near = await w.file('near.csv', clusters(0));
    const far = await w.file('far.csv', clusters(1e6));
    const args = (file: string, shift: number) => [
      'fit',
      'mixture/gmm',
      file,
      '--set',
      'nComponents=2',
      '--set',
      `meansInit=[[${3 + shift},${3 + shift}],[${3.5 + shift},${2.5 + shift}]]`,
      '--json',
    ];
    const a = await run(args(near, 0));
    const b = await run(args(far, 1e6));
    expect([a.code, b.code]).toEqual([0, 0]);
    const [la, lb] = [JSON.parse(a.stdout).train.logLikelihood, JSON.parse(b.stdout).train.logLikelihood];
    // The data are centred in float64 before the float32 E-step: the fits differ only by float32 rounding of the
    // centred rows (observed ≤ 1e-7 relative); 1e-6 is the bar.
    expect(Math.abs(lb / la - 1)).toBeLessThan(1e-6);
  });

  it('names the singular component and the points it holds in one line, and keeps an existing --out file', async () => {
    const data = await w.file('outlier.csv', clusters(0, true));
    const out = await w.file('model.json', '{"previous": true}\n');
    const r = await run([
      'fit',
      'mixture/gmm',
      data,
      '--set',
      'nComponents=3',
      '--set',
      'regCovar=0',
      '--set',
      'meansInit=[[3,3],[3.5,2.5],[1000,3]]',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([
      'latentkit: mixture/gmm: covariance of component 3 is singular (pivot 0 is 0): the component holds 1.0 of 40 points; ' +
        'increase regCovar (now 0) or reduce nComponents',
    ]);
    expect(await readFile(out, 'utf8')).toBe('{"previous": true}\n');
  });
});
