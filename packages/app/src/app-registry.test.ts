import { loadPluginModule } from '@latentkit/registry';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry, loadAppRegistry } from './app-registry.js';
import { BUILTIN_PLUGINS } from './builtin-plugins.js';

/** A module of fake model plugins with no imports (so Node loads it from a temporary folder), one per id. */
const fakeModule = (ids: readonly string[], apiVersion = 1) => `const model = (id) => ({
  kind: 'model',
  meta: { id, namespace: 'fake', name: 'latentkit-plugin-fake', version: '1.0.0', apiVersion: ${apiVersion} },
  params: {},
  defaults: {},
  data: { kind: 'dense' },
  supports: ['inference/em'],
  create: () => undefined,
  load: () => undefined,
});
export default { plugins: ${JSON.stringify(ids)}.map(model) };
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-app-'));
  await writeFile(join(dir, 'preset.mjs'), fakeModule(['a', 'b']));
  await writeFile(join(dir, 'future.mjs'), fakeModule(['future'], 99));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadAppRegistry', () => {
  it('registers the built-ins and each module that fits, and names each module that does not', async () => {
    const { registry, loaded, problems } = await loadAppRegistry({ plugins: ['./future.mjs', './preset.mjs', ' ./preset.mjs '], cwd: dir });
    expect(registry.list().length).toBe(BUILTIN_PLUGINS.length + 2);
    expect(loaded).toEqual([{ specifier: './preset.mjs', keys: ['fake/a', 'fake/b'] }]);
    expect(problems.map((p) => [p.specifier, p.message])).toEqual([
      ['./future.mjs', expect.stringMatching(/^plugin module '\.\/future\.mjs': latentkit-plugin-fake@1\.0\.0 \(fake\/future\) was built for plugin API 99/)],
    ]);
    expect((problems[0].error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('buildRegistry', () => {
  it('throws the first module that does not fit, naming it', async () => {
    await expect(buildRegistry({ plugins: ['./preset.mjs', './future.mjs'], cwd: dir })).rejects.toThrow("plugin module './future.mjs'");
  });
});

describe('the package presets', () => {
  it('loads both mixtures from @latentkit/models-mixture as --plugin does', async () => {
    const plugins = await loadPluginModule(join(dir, 'preset.mjs'), dir, () => import('@latentkit/models-mixture'));
    expect(plugins.map((p) => `${p.meta.namespace}/${p.meta.id}`)).toEqual(['mixture/gmm', 'mixture/bayesian-gmm']);
  });
});
