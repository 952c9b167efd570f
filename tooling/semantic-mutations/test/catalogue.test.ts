import { describe, expect, it } from 'vitest';
import { ACCEPTED, MUTANTS } from '../src/catalogue.js';
import { checkCatalogue } from '../src/runner.js';

describe('the semantic mutant catalogue', () => {
  it('has every snippet exactly once in its file, existing test files and unique ids', () => {
    expect(checkCatalogue()).toEqual([]);
  });

  it('covers every kind of mistake and every area the issue names', () => {
    const kinds = new Set(MUTANTS.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(
      ['index shifted', 'normaliser off by one', 'parameter ignored', 'sign flipped', 'sum to mean', 'term scaled', 'wrong axis'].sort(),
    );
    for (const dir of ['models-mixture', 'models-factor', 'models-topic', 'models-vae/src/common', 'inference/src/estimators', 'metrics', 'core/src/linalg'])
      expect(
        MUTANTS.some((m) => m.file.includes(`packages/${dir}/`)),
        dir,
      ).toBe(true);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(25);
  });

  it('reports a snippet that occurs twice, a missing file and an unknown accepted id', () => {
    const [m] = MUTANTS;
    const twice = { ...m, id: 'twice', file: 'packages/models-mixture/src/gmm/gmm-mstep.ts', find: 'for (let c = 0; c < k; c++)' };
    const missing = { ...m, id: 'missing', file: 'packages/nowhere.ts' };
    const problems = checkCatalogue([twice, missing], undefined, { ...ACCEPTED, ghost: 'no such mutant' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^twice: the snippet occurs [2-9]\d* times in packages\/models-mixture\/src\/gmm\/gmm-mstep\.ts/);
    expect(problems[1]).toBe('missing: packages/nowhere.ts does not exist');
    expect(problems[2]).toBe('ACCEPTED names ghost, which is not in the catalogue');
  });
});
