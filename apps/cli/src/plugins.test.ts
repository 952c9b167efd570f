import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPluginModule } from '@latentkit/registry';
import { BUILTIN_PLUGINS, buildRegistry } from './plugins.js';

const fakeModel = (id: string) => `{
  kind: 'model',
  meta: { id: '${id}', namespace: 'fake', name: 'latentkit-plugin-fake', version: '1.0.0', apiVersion: 1, description: 'a test model' },
  params: { k: { type: 'integer', minimum: 1 } },
  defaults: { k: 1 },
  data: { kind: 'dense' },
  supports: ['inference/em'],
  create() { throw new Error('not used'); },
  load() { throw new Error('not used'); },
}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-plugins-'));
  await writeFile(join(dir, 'single.mjs'), `export default ${fakeModel('one')};\n`);
  await writeFile(join(dir, 'list.mjs'), `export default [${fakeModel('a')}, ${fakeModel('b')}];\n`);
  await writeFile(join(dir, 'preset.mjs'), `export default { plugins: [${fakeModel('p')}] };\n`);
  await writeFile(join(dir, 'nested.cjs'), `module.exports = { default: ${fakeModel('nested')} };\n`);
  await writeFile(join(dir, 'broken.mjs'), `export default { kind: 'model', meta: { id: 'x', namespace: 'fake', name: 'n', version: '1', apiVersion: 1 } };\n`);
  await writeFile(join(dir, 'named-only.mjs'), `export const plugin = ${fakeModel('named')};\n`);
  await writeFile(join(dir, 'throws.mjs'), `throw new Error('boom at import');\n`);
  await writeFile(join(dir, 'future.mjs'), `export default ${fakeModel('future').replace('apiVersion: 1', 'apiVersion: 99')};\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPluginModule', () => {
  it('accepts one plugin, an array, a preset and a nested CommonJS default', async () => {
    expect((await loadPluginModule('./single.mjs', dir)).map((p) => p.meta.id)).toEqual(['one']);
    expect((await loadPluginModule('./list.mjs', dir)).map((p) => p.meta.id)).toEqual(['a', 'b']);
    expect((await loadPluginModule('./preset.mjs', dir)).map((p) => p.meta.id)).toEqual(['p']);
    expect((await loadPluginModule('./nested.cjs', dir)).map((p) => p.meta.id)).toEqual(['nested']);
  });

  it('names the module and lists the contract problems', async () => {
    await expect(loadPluginModule('./broken.mjs', dir)).rejects.toThrow(
      "plugin module './broken.mjs': its default export does not fit the latentkit plugin contract: params must be an object",
    );
    await expect(loadPluginModule('./named-only.mjs', dir)).rejects.toThrow("plugin module './named-only.mjs' has no default export");
  });

  it('names the module and keeps the original error as cause', async () => {
    const missing = await loadPluginModule('./missing.mjs', dir).catch((e: Error) => e);
    expect((missing as Error).message).toMatch(/^cannot load plugin module '\.\/missing\.mjs' \(from .*\): /);
    expect((missing as Error).cause).toBeInstanceOf(Error);
    const throws = await loadPluginModule('./throws.mjs', dir).catch((e: Error) => e);
    expect((throws as Error).message).toContain('boom at import');
    expect(((throws as Error).cause as Error).message).toBe('boom at import');
  });
});

describe('buildRegistry', () => {
  it('registers the built-ins and the plugin modules', async () => {
    const registry = await buildRegistry({ plugins: ['./single.mjs'], cwd: dir });
    expect(registry.has('mixture/gmm')).toBe(true);
    expect(registry.has('inference/em')).toBe(true);
    expect(registry.has('fake/one')).toBe(true);
    expect(registry.list().length).toBe(BUILTIN_PLUGINS.length + 1);
  });

  it('wraps registration errors with the module name', async () => {
    await expect(buildRegistry({ plugins: ['./future.mjs'], cwd: dir })).rejects.toThrow(
      "plugin module './future.mjs': latentkit-plugin-fake@1.0.0 (fake/future) was built for plugin API 99",
    );
  });
});
