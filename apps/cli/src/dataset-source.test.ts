import { datasetPlugins } from '@latentkit/datasets';
import { createRegistry, type Registry } from '@latentkit/registry';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDatasetArgument, loadFromDatasetPlugin } from './dataset-source.js';
import { UsageError } from './errors.js';

const registry: Registry = createRegistry({ warn: () => undefined }).register(...datasetPlugins);

describe('isDatasetArgument', () => {
  it('takes namespace/id without a file of that name as a key, and anything else as a file', () => {
    expect(isDatasetArgument('datasets/iris')).toBe(true);
    expect(isDatasetArgument('datasets/nope')).toBe(true);
    expect(isDatasetArgument('datasets/iris.csv')).toBe(false);
    expect(isDatasetArgument('faithful.csv')).toBe(false);
    expect(isDatasetArgument('/abs/datasets/iris')).toBe(false);
  });

  it('takes an existing file named like a key as the file, and a directory of that name as the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latentkit-dskey-'));
    const cwd = process.cwd();
    try {
      await mkdir(join(dir, 'datasets', 'wine'), { recursive: true });
      await writeFile(join(dir, 'datasets', 'iris'), 'a,b\n1,2\n');
      process.chdir(dir);
      expect(isDatasetArgument('datasets/iris')).toBe(false);
      expect(isDatasetArgument('datasets/wine')).toBe(true);
    } finally {
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadFromDatasetPlugin (the shared loadRegisteredDataset, in --data terms)', () => {
  it('loads with the --data options and names the result by key and options', async () => {
    const ds = await loadFromDatasetPlugin(registry, 'datasets/sparse-vae-sim', ['rho=0.6', 'n=40']);
    expect([ds.source, ds.nRows]).toEqual(['datasets/sparse-vae-sim rho=0.6 n=40', 40]);
  });

  it('names --data and the file an unknown key could have been', async () => {
    await expect(loadFromDatasetPlugin(registry, 'datasets/sparse-vae-sim', ['rho=1'])).rejects.toThrow(
      new UsageError('datasets/sparse-vae-sim: --data rho=1 is invalid: expected a number > -1 and < 1'),
    );
    await expect(loadFromDatasetPlugin(registry, 'datasets/nope')).rejects.toThrow(
      /^unknown dataset 'datasets\/nope' \(and no file of that name\); registered datasets: /,
    );
  });

  it('rejects --data without name=value', async () => {
    await expect(loadFromDatasetPlugin(registry, 'datasets/iris', ['columns'])).rejects.toThrow("--data expects name=value, got 'columns'");
  });
});
