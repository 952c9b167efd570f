import { initBackend } from '@latentkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('factor');
});
afterAll(() => w.cleanup());

/** 500 rows of 5 columns from two factors (fixed LCG), each value + `shift`, written with 6 decimals. */
function csv(shift: number, opts: { distinctRows?: number; constant?: boolean } = {}): string {
  let s = 99;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = ['x1,x2,x3,x4,x5'];
  const body: string[] = [];
  for (let i = 0; i < 500; i++) {
    const z1 = u() + u() + u() - 1.5;
    const z2 = u() + u() + u() - 1.5;
    const x = [z1, z1 + z2, z2, z1 - z2, 0.5 * z1].map((v) => v + 0.3 * (u() - 0.5) + shift);
    if (opts.constant) x[4] = 7;
    body.push(x.map((v) => v.toFixed(6)).join(','));
  }
  for (let i = 0; i < 500; i++) rows.push(body[opts.distinctRows ? i % opts.distinctRows : i]);
  return `${rows.join('\n')}\n`;
}

async function fit(model: string, file: string, ...set: string[]): Promise<{ code: number; stderr: string; logLik?: number }> {
  const r = await run(['fit', model, file, ...set.flatMap((p) => ['--set', p]), '--json']);
  return { code: r.code, stderr: r.stderr, ...(r.code === 0 && { logLik: JSON.parse(linesOf(r.stdout)[0]).train.logLikelihood }) };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('latentkit fit factor/fa and factor/ppca on hard data', () => {
  it('columns shifted by 1e6 fit as the unshifted ones (mean log-likelihood to 1e-6 relative)', async () => {
    const plain = await w.file('plain.csv', csv(0));
    const shifted = await w.file('shifted.csv', csv(1e6));
    for (const [model, ...set] of [
      ['factor/ppca', 'nComponents=2'],
      ['factor/fa', 'nComponents=2', 'noiseVarianceInit=variance', 'tol=1e-10'],
    ]) {
      const a = await fit(model, plain, ...set);
      const b = await fit(model, shifted, ...set);
      expect([a.code, b.code]).toEqual([0, 0]);
      // Each shifted value is the unshifted one + 1e6, rounded to 6 decimals on its own (±5e-7): that moves the
      // covariance by ~1e-13 relative; the covariance itself carries no error from the shift (corrected two-pass).
      expect(rel(b.logLik!, a.logLik!)).toBeLessThan(1e-6);
    }
  });

  it('a constant column: FA floors its noise variance, PPCA fits; exit 0', async () => {
    const file = await w.file('constant.csv', csv(0, { constant: true }));
    expect((await fit('factor/fa', file, 'nComponents=2')).code).toBe(0);
    expect((await fit('factor/ppca', file, 'nComponents=2')).code).toBe(0);
  });

  it('three distinct rows (rank 2): PPCA with 2 components stops with one line naming the condition', async () => {
    const file = await w.file('three-rows.csv', csv(0, { distinctRows: 3 }));
    const r = await fit('factor/ppca', file, 'nComponents=2');
    expect(r.code).toBe(1);
    const lines = linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^latentkit: factor\/ppca: the noise variance σ² \(the mean of the 3 smallest covariance eigenvalues\) is \S+: the data have rank at most nComponents=2; reduce nComponents$/,
    );
    expect((await fit('factor/ppca', file, 'nComponents=1')).code).toBe(0);
  });
});
