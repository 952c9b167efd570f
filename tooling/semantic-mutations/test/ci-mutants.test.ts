import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../src/catalogue.js';
import { overlayCopy, REPO_ROOT, runMutant } from '../src/runner.js';

// A CI-sized run of `pnpm test:semantic-mutations`: four cheap mutants of the catalogue, each applied in a scratch copy
// of its package's src/ (the working tree, which other test files read while this one runs, is never touched), must be
// killed by their listed tests.
const CI_MUTANTS = ['mws-log-nm-off-by-one', 'likelihood-sum-to-mean', 'mig-second-best-index-shifted', 'cholesky-inner-product-off-by-one'];

describe('semantic mutants (CI-sized run)', () => {
  it.each(CI_MUTANTS)('%s is killed by its tests, and the copy is restored', (id) => {
    const m = MUTANTS.find((x) => x.id === id)!;
    const copy = overlayCopy(m.file);
    try {
      const before = readFileSync(join(copy.root, m.file), 'utf8');
      const r = runMutant(m, { root: copy.root, timeoutSeconds: 120 });
      expect(r.status, r.detail).toBe('killed');
      expect(readFileSync(join(copy.root, m.file), 'utf8')).toBe(before);
    } finally {
      copy.remove();
    }
    expect(readFileSync(join(REPO_ROOT, m.file), 'utf8')).toContain(m.find);
  });

  it('reports a mutant whose tests pass as a survivor', () => {
    const m = MUTANTS.find((x) => x.id === 'cholesky-inner-product-off-by-one')!;
    // An equivalent "mutation": the same loop written another way, which no test can tell apart.
    const equivalent = { ...m, id: 'equivalent', replace: 'for (let k = 0; j > k; k++) s -= l[li + k] * l[lj + k];' };
    const copy = overlayCopy(m.file);
    try {
      expect(runMutant(equivalent, { root: copy.root, timeoutSeconds: 120 }).status).toBe('survived');
    } finally {
      copy.remove();
    }
  });
});
