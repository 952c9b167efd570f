import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from './discover.js';

// A plugin with no imports, so that Node can load it from a temporary folder.
const plugin = (id: string, version = '1.0.0', extra = '') => `export default {
  kind: 'model',
  meta: { id: '${id}', namespace: 'test', name: 'test-plugin-${id}', version: '${version}', apiVersion: 1 },
  params: { k: { type: 'integer', minimum: 1 } },
  defaults: { k: 2 },
  data: { kind: 'dense' },
  supports: ['inference/em'],
  create: () => { throw new Error('not used'); },
  load: () => { throw new Error('not used'); },
  ${extra}
};
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latentkit-discover-'));
  writeFileSync(join(dir, 'good.mjs'), plugin('good'));
  writeFileSync(join(dir, 'preset.mjs'), `import a from './good.mjs';\nexport default { plugins: [a] };\n`);
  writeFileSync(join(dir, 'no-create.mjs'), plugin('broken').replace(/create: [^\n]+\n/, ''));
  writeFileSync(join(dir, 'no-default.mjs'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'throws.mjs'), "throw new Error('boom at import');\n");
  writeFileSync(join(dir, 'clash.mjs'), plugin('gmm').replace("namespace: 'test'", "namespace: 'mixture'"));
  writeFileSync(join(dir, 'future.mjs'), plugin('future').replace('apiVersion: 1', 'apiVersion: 3'));
  mkdirSync(join(dir, 'node_modules', 'latentkit-plugin-pkg'), { recursive: true });
  writeFileSync(
    join(dir, 'node_modules', 'latentkit-plugin-pkg', 'package.json'),
    JSON.stringify({ name: 'latentkit-plugin-pkg', type: 'module', exports: { '.': { import: './index.js' } } }),
  );
  writeFileSync(join(dir, 'node_modules', 'latentkit-plugin-pkg', 'index.js'), plugin('pkg'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverPlugins', () => {
  it('registers the built-ins and every module that fits the contract', async () => {
    const found = await discoverPlugins({ specifiers: ['./good.mjs', 'latentkit-plugin-pkg'], cwd: dir, trusted: true });
    expect(found.problems).toEqual([]);
    expect(found.loaded).toEqual([
      { specifier: './good.mjs', keys: ['test/good'] },
      { specifier: 'latentkit-plugin-pkg', keys: ['test/pkg'] },
    ]);
    expect(found.registry.has('mixture/gmm')).toBe(true);
    expect(found.registry.has('test/pkg')).toBe(true);
  });

  it('unwraps a preset and skips a module listed twice', async () => {
    const found = await discoverPlugins({ specifiers: ['./preset.mjs', './preset.mjs '], cwd: dir, trusted: true });
    expect(found.loaded).toEqual([{ specifier: './preset.mjs', keys: ['test/good'] }]);
  });

  it('names the module and the broken part of the contract, and carries on', async () => {
    const found = await discoverPlugins({ specifiers: ['./no-create.mjs', './good.mjs'], cwd: dir, trusted: true });
    expect(found.problems).toEqual([
      {
        specifier: './no-create.mjs',
        message: "plugin module './no-create.mjs': its default export does not fit the latentkit plugin contract: create must be a function",
      },
    ]);
    expect(found.registry.has('test/good')).toBe(true);
    expect(found.registry.has('test/broken')).toBe(false);
  });

  it('explains modules that are missing, throw, have no default export, clash with a built-in or need a newer API', async () => {
    const found = await discoverPlugins({
      specifiers: ['./missing.mjs', './throws.mjs', './no-default.mjs', './clash.mjs', './future.mjs'],
      cwd: dir,
      trusted: true,
    });
    const messages = found.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/^cannot load plugin module '\.\/missing\.mjs' \(from .+\): Cannot find module/);
    expect(messages[1]).toMatch(/^cannot load plugin module '\.\/throws\.mjs' .*: boom at import$/);
    expect(messages[2]).toBe(
      "plugin module './no-default.mjs' has no default export; it must default-export a plugin, an array of plugins, or { plugins: [...] }",
    );
    expect(messages[3]).toMatch(
      /^plugin module '\.\/clash\.mjs': plugin key mixture\/gmm is claimed by both @latentkit\/models-mixture@.+ and test-plugin-gmm@1\.0\.0$/,
    );
    expect(messages[4]).toMatch(
      /^plugin module '\.\/future\.mjs': test-plugin-future@1\.0\.0 \(test\/future\) was built for plugin API 3, .*upgrade latentkit$/,
    );
    expect(found.registry.list('model').map((e) => e.key)).not.toContain('test/future');
  });

  it('loads no workspace code in an untrusted workspace', async () => {
    let imported = 0;
    const found = await discoverPlugins({ specifiers: ['./good.mjs'], cwd: dir, trusted: false, importModule: async () => imported++ });
    expect(imported).toBe(0);
    expect(found.skipped).toBe('latentkit.plugins (./good.mjs) is ignored: workspace code runs only in a trusted workspace');
    expect(found.registry.has('test/good')).toBe(false);
  });
});
