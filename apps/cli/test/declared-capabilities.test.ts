import { initBackend } from '@latentkit/core';
import type { Fitted } from '@latentkit/registry';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latentSize } from '../src/commands/main.js';
import { buildRegistry } from '../src/plugins.js';
import { run, workDir } from './helpers.js';

const PLUGIN = fileURLToPath(new URL('./toy-views-plugin.ts', import.meta.url));

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('capabilities');
});
afterAll(() => w.cleanup());

describe('commands read declared capabilities', () => {
  it('select takes nParameters and bic from the fitted model, whatever its size parameter is called', async () => {
    const r = await run(['select', 'toy/views', w.faithful, '--plugin', PLUGIN, '--param', 'nClusters', '--k', '1..2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.n).toBe(218);
    for (const row of summary.rows) {
      // x ~ N(μ, I) on 2 columns: p = 2 whatever K is.
      expect(row.nParameters).toBe(2);
      expect(row.bic).toBeCloseTo(-2 * 218 * row.logLikelihood + 2 * Math.log(218), 8);
      expect(row.aic).toBeCloseTo(-2 * 218 * row.logLikelihood + 4, 8);
    }
  });

  it('main sizes the latent space by latentDim, else by the columns transform returns', async () => {
    const registry = await buildRegistry({ plugins: [PLUGIN] });
    const data = { kind: 'dense' as const, nRows: 3, nCols: 2, values: Float64Array.from([1, 2, 3, 4, 5, 7]), columns: ['a', 'b'] };
    const fitted = await registry.create('toy/views', { nClusters: 3 }).fit(data, { seed: 0 });
    expect(latentSize(fitted, data)).toBe(3);
    // A model that declares no latentDim (the example's k-means calls its size nClusters): the columns of transform.
    const undeclared = (transform: Fitted['transform']) => ({ key: 'x/y', transform }) as unknown as Fitted;
    expect(
      latentSize(
        undeclared((d) => fitted.transform(d)),
        data,
      ),
    ).toBe(3);
    expect(
      latentSize(
        undeclared(() => {
          throw new Error('no');
        }),
        data,
      ),
    ).toBeNull();
  });
});
