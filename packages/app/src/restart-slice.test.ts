import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import { keepsRestart } from '@latentkit/inference';
import type { Fitted, Registry } from '@latentkit/registry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from './app-registry.js';
import { fitAndSave, type FitRequest } from './fit-service.js';

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-restart-slice-'));
  registry = await buildRegistry({ cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three overlapping clusters in 3 dimensions, so that restarts end at different optima. */
const data = (): DenseDataset => {
  const rng = createRng(5);
  const n = 90;
  const values = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) values[i * 3 + j] = 1.2 * ((i % 3) - 1) * (j === i % 3 ? 1 : -0.5) + rng.normal();
  return { kind: 'dense', nRows: n, nCols: 3, values, columns: ['a', 'b', 'c'] };
};

/** What a restart must reproduce: the saved state, iterations and convergence, and the final objective. */
function outcome(f: Fitted) {
  const json = f.toJSON() as { state: unknown; fit: { iterations: number; converged: boolean } };
  return { state: json.state, iterations: json.fit.iterations, converged: json.fit.converged, objective: f.trace.at(-1)?.objective ?? Number.NaN };
}

async function fit(request: Omit<FitRequest, 'registry' | 'train'>) {
  const { fitted } = await fitAndSave({ registry, train: data(), ...request });
  try {
    return outcome(fitted);
  } finally {
    fitted.dispose();
  }
}

const CASES: readonly [string, Omit<FitRequest, 'registry' | 'train'>, number][] = [
  ['mixture/gmm by inference/em', { key: 'mixture/gmm', params: { nComponents: 4, nInit: 4, maxIter: 30 }, seed: 3 }, 4],
  ['mixture/bayesian-gmm by inference/cavi', { key: 'mixture/bayesian-gmm', params: { nComponents: 3, nInit: 3, maxIter: 15 }, seed: 8 }, 3],
];

describe('FitOptions.restart: one restart of a fit from its child seed', () => {
  it.each(CASES)('%s: each restart fitted apart, the best kept by keepsRestart in index order, is the whole fit bit for bit', async (_, request, n) => {
    const whole = await fit(request);
    const runs = [];
    for (let index = 0; index < n; index++) runs.push(await fit({ ...request, restart: { index, of: n } }));
    let best: (typeof runs)[number] | undefined;
    for (const run of runs) if (keepsRestart(run, best)) best = run;
    // (The whole fit's trace runs through every restart, so its last objective is the last restart's, not the best's.)
    expect({ ...best, objective: undefined }).toEqual({ ...whole, objective: undefined });
    // The restarts really differ, so that keeping the wrong one would show.
    expect(new Set(runs.map((r) => JSON.stringify(r.state))).size).toBeGreaterThan(1);
  });

  it('refuses a slice that does not match the model’s restarts, in one line naming the option', async () => {
    const request = { key: 'mixture/gmm', params: { nComponents: 2, nInit: 3 } };
    await expect(fit({ ...request, restart: { index: 0, of: 2 } })).rejects.toThrow(
      "inference/em: restart expected { index, of } with of = the model's 3 restarts and 0 <= index < of, got { index: 0, of: 2 }",
    );
    await expect(fit({ ...request, restart: { index: 3, of: 3 } })).rejects.toThrow('got { index: 3, of: 3 }');
  });
});
