import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const dirs = ['packages', 'apps', 'examples']
  .flatMap((group) => {
    try {
      return readdirSync(group, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `${group}/${d.name}`);
    } catch {
      return [];
    }
  })
  .concat(['tooling/eslint-config', 'tooling/release', 'tooling/consumer', 'tooling/mutation', 'tooling/semantic-mutations', 'tooling/bench']);

export default defineConfig({
  resolve: { conditions: ['@latentkit/source'] },
  ssr: { resolve: { conditions: ['@latentkit/source', 'node', 'import', 'default'] } },
  test: {
    // One project per package; `extends: true` makes each inherit the source condition above.
    projects: dirs.map((dir) => ({
      extends: true,
      test: { name: dir.split('/')[1], root: dir, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'] },
    })),
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
