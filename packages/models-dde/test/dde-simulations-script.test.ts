import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CI-sized run of the simulation study behind the README's tables (tooling/experiments/dde-simulations.mjs
// --ci: Bernoulli and Normal two-layer designs, N = 500 and 1000, 2 replicates, Gibbs). It runs the built packages,
// which the test command builds first. The bar, 0.9 per fit, is below every CI-sized fit measured (0.95–1.00).
const script = fileURLToPath(new URL('../../../tooling/experiments/dde-simulations.mjs', import.meta.url));

describe('tooling/experiments/dde-simulations.mjs --ci', () => {
  it('fits every design and prints one JSON line per fit and a table per design', () => {
    const r = spawnSync(process.execPath, [script, '--ci', '--jobs', '1'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const fits = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { design: string; n: number; accuracy: number; initAccuracy: number; rmse2: number });
    expect(fits).toHaveLength(8);
    for (const f of fits) {
      expect(f.accuracy, `${f.design} N = ${f.n}`).toBeGreaterThanOrEqual(0.9);
      expect(f.initAccuracy).toBeGreaterThan(0.5);
      expect(Number.isFinite(f.rmse2)).toBe(true);
    }
    expect(r.stdout).toContain('### bernoulli');
    expect(r.stdout).toContain('### normal');
  });
});
