import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm test:mutation` itself is opt-in (minutes per module); this checks its module table against the tree and
// its refusals, without running Stryker.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const script = join(here, '../run.mjs');

interface MutationModule {
  mutate: string[];
  package: string;
  tests: string[];
}

const run = (args: string[], cwd = root) => spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' });
const git = (args: string[], cwd: string) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const gitFiles = (pattern: string) =>
  git(['ls-files', '--', `:(glob)${pattern}`], root)
    .split('\n')
    .filter((f) => f && !f.endsWith('.test.ts') && !f.endsWith('/index.ts') && !f.includes('/test-support/'));

describe('tooling/mutation module table', () => {
  const modules = JSON.parse(run(['--json']).stdout) as Record<string, MutationModule>;

  it('names the modules of issue #17', () => {
    expect(Object.keys(modules).sort()).toEqual([
      'core-linalg-chol',
      'core-linalg-eig',
      'core-linalg-lu',
      'core-linalg-misc',
      'core-linalg-svd',
      'core-special',
      'estimators',
      'factor',
      'lda',
      'metrics',
      'mixture',
      'vae-common',
    ]);
  });

  it('splits core linalg into modules that together mutate each of its source files exactly once', () => {
    const linalg = Object.entries(modules).filter(([name]) => name.startsWith('core-linalg-'));
    const mutated = linalg.flatMap(([, m]) => m.mutate.flatMap(gitFiles));
    expect(mutated.length).toBeGreaterThan(10);
    expect([...mutated].sort()).toEqual(gitFiles('packages/core/src/linalg/*.ts'));
  });

  it.each(Object.entries(modules))('%s: every glob mutates source files of its package, whose tests exist', (_, m) => {
    expect(existsSync(join(root, m.package, 'package.json'))).toBe(true);
    for (const glob of m.mutate) {
      const files = gitFiles(glob);
      expect(files.length, glob).toBeGreaterThan(0);
      for (const f of files) expect(f.startsWith(`${m.package}/`), f).toBe(true);
    }
    const tests = m.tests.flatMap((t) =>
      git(['ls-files', '--', `:(glob)${m.package}/${t}`], root)
        .split('\n')
        .filter(Boolean),
    );
    expect(tests.length).toBeGreaterThan(0);
  });
});

describe('tooling/mutation refusals', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'latentkit-mutation-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  // A scratch repository with a copy of the script: the refusal must not depend on this checkout's state.
  mkdirSync(join(scratch, 'tooling/mutation'), { recursive: true });
  for (const f of ['run.mjs', 'modules.mjs']) copyFileSync(join(here, '..', f), join(scratch, 'tooling/mutation', f));
  writeFileSync(join(scratch, 'a.ts'), 'export const a = 1;\n');
  git(['init', '-q'], scratch);
  git(['add', '.'], scratch);
  git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'scratch'], scratch);
  const scratchRun = (args: string[]) => spawnSync(process.execPath, ['tooling/mutation/run.mjs', ...args], { cwd: scratch, encoding: 'utf8' });

  it('refuses an unknown module in one line naming the choices', () => {
    const r = scratchRun(['core-specal']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `test:mutation: module 'core-specal': expected one of core-special, core-linalg-chol, core-linalg-eig, core-linalg-svd, core-linalg-lu, core-linalg-misc, metrics, mixture, factor, lda, vae-common, estimators`,
    );
  });

  it('refuses a dirty checkout in one line naming the changed file, before starting Stryker', () => {
    writeFileSync(join(scratch, 'a.ts'), 'export const a = 2;\n');
    const r = scratchRun(['core-special']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('test:mutation: the checkout has uncommitted changes (a.ts): Stryker mutates files in place; commit or stash first');
    expect(r.stdout).toBe('');
  });
});
