import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePluginModule } from './plugin-module.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-resolve-'));
  const esmOnly = join(dir, 'node_modules', 'esm-only');
  await mkdir(join(esmOnly, 'lib'), { recursive: true });
  await writeFile(join(esmOnly, 'package.json'), JSON.stringify({ name: 'esm-only', type: 'module', exports: { '.': { import: './lib/main.js' } } }));
  await writeFile(join(esmOnly, 'lib', 'main.js'), 'export default 1;\n');
  const plain = join(dir, 'node_modules', '@scope', 'plain');
  await mkdir(plain, { recursive: true });
  await writeFile(join(plain, 'package.json'), JSON.stringify({ name: '@scope/plain', main: 'index.js' }));
  await writeFile(join(plain, 'index.js'), 'module.exports = 1;\n');
  await writeFile(join(dir, 'local.mjs'), 'export default 1;\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolvePluginModule', () => {
  it('resolves relative paths from the given directory', () => {
    expect(fileURLToPath(resolvePluginModule('./local.mjs', dir))).toBe(join(dir, 'local.mjs'));
  });

  it('resolves packages from node_modules above the directory', () => {
    expect(fileURLToPath(resolvePluginModule('@scope/plain', dir))).toBe(join(dir, 'node_modules', '@scope', 'plain', 'index.js'));
  });

  it('resolves ESM-only packages through their import condition', () => {
    expect(fileURLToPath(resolvePluginModule('esm-only', dir))).toBe(join(dir, 'node_modules', 'esm-only', 'lib', 'main.js'));
  });

  it('throws for a package that is not installed', () => {
    expect(() => resolvePluginModule('not-installed-anywhere-xyz', dir)).toThrow(/Cannot find module/);
  });
});
