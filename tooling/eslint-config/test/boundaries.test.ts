import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The `no-restricted-imports` messages ESLint gives `source` as if it were the file `path` of the workspace. */
async function restrictions(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: join(root, path) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const from = (specifier: string) => `import { x } from '${specifier}';`;

describe('package boundary lint rules', () => {
  const libraries = ['core', 'registry', 'inference', 'metrics', 'datasets', 'testing', 'app', 'models-mixture', 'models-vae'];

  it.each(libraries)('forbids vscode and the apps in packages/%s, in sources and tests alike', async (pkg) => {
    for (const file of [`packages/${pkg}/src/probe.ts`, `packages/${pkg}/src/probe.test.ts`]) {
      expect(await restrictions(file, from('vscode'))).toEqual([expect.stringContaining('never import vscode')]);
      expect(await restrictions(file, from('../../../apps/cli/src/run-cli.js'))).toEqual([expect.stringContaining('from apps/')]);
      expect(await restrictions(file, from('@latentkit/cli'))).toEqual([expect.stringContaining('from apps/')]);
    }
  });

  it('keeps core and registry below the other packages', async () => {
    expect(await restrictions('packages/core/src/probe.ts', from('@latentkit/registry'))).toHaveLength(1);
    expect(await restrictions('packages/core/src/probe.ts', from('@latentkit/inference/em'))).toHaveLength(1);
    expect(await restrictions('packages/registry/src/probe.ts', from('@latentkit/models-mixture'))).toHaveLength(1);
    expect(await restrictions('packages/registry/src/probe.ts', from('@latentkit/datasets'))).toHaveLength(1);
    expect(await restrictions('packages/core/src/probe.ts', from('@latentkit/anndata'))).toHaveLength(1);
    expect(await restrictions('packages/anndata/src/probe.ts', from('@latentkit/core'))).toEqual([]);
    expect(await restrictions('packages/registry/src/probe.ts', from('@latentkit/core'))).toEqual([]);
  });

  it('keeps models and engines apart, except in model tests', async () => {
    expect(await restrictions('packages/models-mixture/src/probe.ts', from('@latentkit/inference'))).toEqual([
      expect.stringContaining('Models never import @latentkit/inference'),
    ]);
    expect(await restrictions('packages/models-mixture/src/probe.test.ts', from('@latentkit/inference'))).toEqual([]);
    expect(await restrictions('packages/models-vae/src/probe.ts', from('@latentkit/registry'))).toEqual([]);
    expect(await restrictions('packages/inference/src/probe.ts', from('@latentkit/models-factor'))).toEqual([
      expect.stringContaining('Inference never imports a specific model'),
    ]);
  });

  it('lets only the apps import @latentkit/app, which imports plugin packages but no commander or vscode', async () => {
    for (const pkg of ['core', 'registry', 'inference', 'datasets', 'testing', 'models-mixture']) {
      for (const file of [`packages/${pkg}/src/probe.ts`, `packages/${pkg}/src/probe.test.ts`])
        expect(await restrictions(file, from('@latentkit/app')), file).toEqual([expect.stringContaining('Only apps/* import @latentkit/app')]);
    }
    expect(await restrictions('examples/latentkit-plugin-example/src/probe.ts', from('@latentkit/app'))).toHaveLength(1);
    expect(await restrictions('packages/app/src/probe.ts', from('@latentkit/models-mixture'))).toEqual([]);
    expect(await restrictions('packages/app/src/probe.ts', from('@latentkit/registry'))).toEqual([]);
    expect(await restrictions('packages/app/src/probe.ts', from('commander'))).toEqual([expect.stringContaining('never imports commander')]);
    expect(await restrictions('packages/app/src/probe.ts', from('vscode'))).toEqual([expect.stringContaining('never import vscode')]);
    expect(await restrictions('packages/app/src/probe.ts', from('../../../apps/cli/src/run-cli.js'))).toEqual([expect.stringContaining('from apps/')]);
    expect(await restrictions('apps/cli/src/probe.ts', from('@latentkit/app'))).toEqual([]);
    expect(await restrictions('packages/study/src/probe.ts', from('@latentkit/app'))).toEqual([]);
    expect(await restrictions('packages/study/src/probe.ts', from('commander'))).toEqual([expect.stringContaining('never imports commander')]);
    expect(await restrictions('packages/study/src/probe.ts', from('bullmq'))).toEqual([expect.stringContaining('No library imports BullMQ')]);
    expect(await restrictions('packages/app/src/probe.test.ts', from('ioredis'))).toEqual([expect.stringContaining('No library imports BullMQ')]);
    expect(await restrictions('apps/cli/src/probe.ts', from('bullmq'))).toEqual([]);
    expect(await restrictions('apps/vscode/src/probe.ts', from('@latentkit/app'))).toEqual([]);
  });

  it('keeps vscode out of the CLI and the example plugin', async () => {
    expect(await restrictions('apps/cli/src/probe.ts', from('vscode'))).toHaveLength(1);
    expect(await restrictions('examples/latentkit-plugin-example/src/probe.ts', from('vscode'))).toHaveLength(1);
    expect(await restrictions('apps/vscode/src/probe.ts', from('vscode'))).toEqual([]);
  });
});
