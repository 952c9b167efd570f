import type { Dataset, DenseDataset } from '@latentkit/core';
import { describe, expect, it, vi } from 'vitest';
import {
  API_VERSION,
  OLDEST_API_VERSION,
  type EngineOptions,
  type FitResult,
  type Fitted,
  type InferencePlugin,
  type ModelInstance,
  type ModelPlugin,
  type SavedModel,
} from './contract.js';
import { defineDataset, defineEstimator, defineInference, defineMetric, defineModel } from './define.js';
import { int, real } from './params.js';
import { contractProblems, createRegistry, defaultRegistry } from './registry.js';

interface ToyParams {
  k: number;
  maxIter: number;
  tol: number;
}

const meta = (namespace: string, id: string, name = '@test/plugins', version = '1.0.0') => ({ namespace, id, name, version, apiVersion: API_VERSION });

/** A complete saved-model document of `toy/m` (format 1) with hyperparameters `params`. */
const savedDoc = (params: Record<string, unknown>) => ({
  format: 'latentkit-model',
  formatVersion: 1,
  key: 'toy/m',
  plugin: { name: '@test/plugins', version: '1.0.0' },
  params,
  data: { kind: 'dense', nCols: 1, columns: ['x'], nRows: 1 },
  fit: { engine: 'inference/fake', seed: 0, iterations: 1, converged: true, seconds: 0, trace: [] },
  state: {},
});

/** A fitted stand-in that records what it was built from. */
const fakeFitted = (params: ToyParams, result: FitResult<unknown>): Fitted<ToyParams> & { result: FitResult<unknown> } => ({
  key: 'toy/m',
  params,
  result,
  trace: result.trace,
  iterations: result.iterations,
  converged: result.converged,
  scoreNames: ['s'],
  score: () => 0,
  scores: () => ({ s: 0 }),
  transform: () => ({ nRows: 0, nCols: 0, values: new Float64Array(0), columns: [] }),
  sample: () => ({ kind: 'dense', nRows: 0, nCols: 0, values: new Float64Array(0), columns: [] }),
  toJSON: () => ({ format: 'latentkit-model' }) as unknown as SavedModel,
  dispose: () => {},
});

function toyModel(over: Partial<ModelPlugin<ToyParams>> = {}): ModelPlugin<ToyParams> {
  return defineModel<ToyParams, unknown>({
    meta: meta('toy', 'm'),
    params: { k: int({ min: 1 }), maxIter: int({ min: 1 }), tol: real({ min: 0 }) },
    defaults: { k: 2, maxIter: 7, tol: 0.5 },
    data: { kind: 'dense', allowsMissing: false, minRows: 2 },
    supports: ['inference/missing', 'inference/fake', 'inference/other'],
    create: (params): ModelInstance<ToyParams, unknown> => ({
      params,
      maxIter: params.maxIter,
      tol: params.tol,
      terms: { em: { prepare: () => ({}), init: () => ({}), eStep: () => ({ stats: {}, objective: 0 }), mStep: (s) => s } },
      fitted: (result) => fakeFitted(params, result),
    }),
    restore: ({ params }) => fakeFitted(params, { trace: [], iterations: 0 } as unknown as FitResult<unknown>),
    // The API-1 loader, for the tests that register this model as an API-1 plugin.
    load: (saved) => fakeFitted(saved.params as unknown as ToyParams, { trace: [], iterations: 0 } as unknown as FitResult<unknown>),
    ...over,
  });
}

/** An engine that records the options it was called with. */
function fakeEngine(id = 'fake', calls: EngineOptions[] = []): InferencePlugin {
  return defineInference({
    meta: meta('inference', id),
    params: {},
    requires: ['em'],
    defaults: { maxIter: 100, tol: 1e-3 },
    fit: async <P, S>(_model: ModelInstance<P, S>, _data: Dataset, options: EngineOptions): Promise<FitResult<S>> => {
      calls.push(options);
      return {
        state: {} as S,
        trace: [{ iteration: 1, objective: -1 }],
        iterations: 1,
        converged: true,
        cancelled: false,
        objective: -1,
        seconds: 0,
        engine: `inference/${id}`,
        seed: options.seed,
        bestRestart: 0,
      };
    },
  });
}

const metric = defineMetric({ meta: meta('metrics', 'zero'), params: {}, defaults: {}, compute: () => ({ value: 0 }) });
const dataset = defineDataset({ meta: meta('datasets', 'empty'), description: 'nothing', load: async () => dense([]) });
const estimator = defineEstimator({
  meta: { ...meta('estimators', 'fake'), description: 'passes samples through' },
  params: {},
  defaults: {},
  supports: ['gaussian'],
  pathwise: true,
  unbiased: true,
  minParticles: 1,
  create: () => ({ key: 'estimators/fake', pathwise: true, startStep() {}, finishStep() {}, variables: () => [], dispose() {} }),
});

function dense(values: number[], nCols = 1): DenseDataset {
  return {
    kind: 'dense',
    nRows: values.length / nCols,
    nCols,
    values: Float64Array.from(values),
    columns: Array.from({ length: nCols }, (_, j) => `x${j + 1}`),
    source: 'toy.csv',
  };
}

describe('createRegistry', () => {
  it('registers plugins of every kind and finds them by key and kind', () => {
    const model = toyModel();
    const engine = fakeEngine();
    const registry = createRegistry();
    expect(registry.register(model, engine).register(metric, dataset, estimator)).toBe(registry);
    expect(registry.has('toy/m')).toBe(true);
    expect(registry.has('toy/y')).toBe(false);
    expect(registry.get('toy/m')).toBe(model);
    expect(registry.model('toy/m')).toBe(model);
    expect(registry.inference('inference/fake')).toBe(engine);
    expect(registry.metric('metrics/zero')).toBe(metric);
    expect(registry.dataset('datasets/empty')).toBe(dataset);
    expect(registry.estimator('estimators/fake')).toBe(estimator);
    expect(registry.list().map((e) => e.key)).toEqual(['datasets/empty', 'estimators/fake', 'inference/fake', 'metrics/zero', 'toy/m']);
    expect(registry.list('model')).toEqual([{ key: 'toy/m', plugin: model }]);
    expect(registry.list('inference').map((e) => e.key)).toEqual(['inference/fake']);
    expect(registry.list('estimator')).toEqual([{ key: 'estimators/fake', plugin: estimator }]);
    expect(() => registry.estimator('inference/fake')).toThrow("'inference/fake' is an inference plugin, not an estimator plugin");
  });

  it('explains a missing key or a plugin of the wrong kind', () => {
    const registry = createRegistry().register(toyModel(), fakeEngine());
    expect(() => registry.get('toy/y')).toThrowErrorMatchingInlineSnapshot(`[Error: no plugin 'toy/y' is registered; registered: inference/fake, toy/m]`);
    expect(() => createRegistry().get('toy/y')).toThrowErrorMatchingInlineSnapshot(`[Error: no plugin 'toy/y' is registered]`);
    expect(() => registry.model('inference/fake')).toThrowErrorMatchingInlineSnapshot(`[Error: 'inference/fake' is an inference plugin, not a model plugin]`);
  });

  it("lists compatible engines in the model's order of preference, registered ones only", () => {
    const registry = createRegistry().register(fakeEngine('other'), toyModel(), fakeEngine('fake'));
    expect(registry.compatible('toy/m')).toEqual(['inference/fake', 'inference/other']);
    expect(createRegistry().register(toyModel()).compatible('toy/m')).toEqual([]);
  });

  it('warns about and skips a second registration of the same key and version', () => {
    const warn = vi.fn();
    const first = toyModel();
    const second = toyModel({ description: 'copy' } as Partial<ModelPlugin<ToyParams>>);
    const registry = createRegistry({ warn }).register(first, second);
    expect(registry.get('toy/m')).toBe(first);
    expect(warn.mock.calls).toEqual([['latentkit: toy/m from @test/plugins@1.0.0 is registered twice; keeping the first']]);
    registry.register(first);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('refuses one key claimed by two versions or two packages, naming both', () => {
    const registry = createRegistry().register(toyModel());
    expect(() => registry.register(toyModel({ meta: meta('toy', 'm', '@test/plugins', '2.0.0') }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: plugin key toy/m is claimed by both @test/plugins@1.0.0 and @test/plugins@2.0.0]`,
    );
    expect(() => registry.register(toyModel({ meta: meta('toy', 'm', '@other/models', '1.0.0') }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: plugin key toy/m is claimed by both @test/plugins@1.0.0 and @other/models@1.0.0]`,
    );
  });

  it('rejects another plugin API version and says what to upgrade', () => {
    const newer = toyModel({ meta: { ...meta('toy', 'm'), apiVersion: API_VERSION + 1 } });
    const older = toyModel({ meta: { ...meta('toy', 'm'), apiVersion: OLDEST_API_VERSION - 1 } });
    expect(() => createRegistry().register(newer)).toThrowErrorMatchingInlineSnapshot(
      `[Error: @test/plugins@1.0.0 (toy/m) was built for plugin API 3, but this latentkit uses API 2: upgrade latentkit]`,
    );
    expect(() => createRegistry().register(older)).toThrowErrorMatchingInlineSnapshot(
      `[Error: @test/plugins@1.0.0 (toy/m) was built for plugin API 0, but this latentkit uses API 2: upgrade @test/plugins]`,
    );
  });

  it('registers a plugin of API 1 with one deprecation notice naming what to change', () => {
    const warnings: string[] = [];
    const api1 = toyModel({ meta: { ...meta('toy', 'm'), apiVersion: 1 } });
    createRegistry({ warn: (m) => warnings.push(m) }).register(api1, api1);
    expect(warnings[0]).toMatchInlineSnapshot(
      `"latentkit: toy/m (@test/plugins@1.0.0) uses plugin API 1, deprecated: set meta.apiVersion to 2 and implement restore({ params, state, info }) instead of load(saved), and extend FittedBase; see docs/guides/migrating-to-plugin-api-2.md"`,
    );
    expect(warnings).toHaveLength(1);
  });

  it('freezes after the first create or load', () => {
    const afterCreate = createRegistry().register(toyModel());
    afterCreate.create('toy/m');
    expect(() => afterCreate.register(fakeEngine())).toThrowErrorMatchingInlineSnapshot(
      `[Error: cannot register inference/fake: the registry is frozen after its first use (register all plugins before create/fit)]`,
    );
    const afterValidate = createRegistry().register(toyModel());
    afterValidate.validate('toy/m', { k: 3 });
    expect(() => afterValidate.register(fakeEngine())).not.toThrow();
    const afterLoad = createRegistry().register(toyModel());
    afterLoad.load(savedDoc({ k: 1 }));
    expect(() => afterLoad.register(fakeEngine())).toThrow(/frozen/);
  });

  it('rejects keys that are not lowercase kebab-case', () => {
    for (const [namespace, id] of [
      ['Toy', 'm'],
      ['toy', 'm_y'],
      ['toy', 'm-'],
      ['toy/a', 'm'],
      ['', 'm'],
    ]) {
      expect(() => createRegistry().register(toyModel({ meta: meta(namespace, id) })), `${namespace}/${id}`).toThrow(
        /does not fit the latentkit plugin contract/,
      );
    }
    expect(() => createRegistry().register(toyModel({ meta: meta('Toy', 'm') }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: @test/plugins does not fit the latentkit plugin contract: key 'Toy/m' must be lowercase kebab-case 'namespace/id']`,
    );
    expect(() => createRegistry().register(toyModel({ meta: meta('my-lab', 'gmm-2') }))).not.toThrow();
  });

  it('validates and fills parameters in create, coercing CLI strings on request', () => {
    const registry = createRegistry().register(toyModel());
    expect(registry.create('toy/m').params).toEqual({ k: 2, maxIter: 7, tol: 0.5 });
    expect(registry.create('toy/m', { k: '4' }, { coerce: true }).params).toEqual({ k: 4, maxIter: 7, tol: 0.5 });
    expect(() => registry.create('toy/m', { k: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ParamError: toy/m: parameter k=0 is invalid: expected an integer >= 1]`,
    );
  });
});

describe('registry.validateDatasetOptions', () => {
  const sized = defineDataset<{ n?: number; shape?: string }>({
    meta: meta('toy', 'sized'),
    description: 'n rows',
    params: { n: int({ min: 1 }), shape: { type: 'string', enum: ['round', 'flat'] } },
    defaults: { n: 10 },
    load: async () => dense([]),
  });
  const registry = createRegistry().register(sized, dataset);

  it("validates options against the plugin's params and fills its defaults, coercing CLI strings on request", () => {
    expect(registry.validateDatasetOptions('toy/sized')).toEqual({ n: 10 });
    expect(registry.validateDatasetOptions('toy/sized', { n: 3, shape: 'flat' })).toEqual({ n: 3, shape: 'flat' });
    expect(registry.validateDatasetOptions('toy/sized', { n: '4' }, { coerce: true })).toEqual({ n: 4 });
    expect(() => registry.validateDatasetOptions('toy/sized', { n: '4' })).toThrow("toy/sized: parameter n='4' is invalid: expected an integer >= 1");
  });

  it('rejects an invalid or unknown option in one line naming it', () => {
    expect(() => registry.validateDatasetOptions('toy/sized', { n: 0 })).toThrow('toy/sized: parameter n=0 is invalid: expected an integer >= 1');
    expect(() => registry.validateDatasetOptions('toy/sized', { size: 1 })).toThrow("toy/sized: unknown parameter 'size'; known parameters: n, shape");
  });

  it('passes the options of a plugin without params through unchecked, and refuses other kinds', () => {
    expect(registry.validateDatasetOptions('datasets/empty', { anything: '1' }, { coerce: true })).toEqual({ anything: '1' });
    const withModel = createRegistry().register(toyModel());
    expect(() => withModel.validateDatasetOptions('toy/m')).toThrow("'toy/m' is a model plugin, not a dataset plugin");
  });
});

describe('Model.fit through the registry', () => {
  const data = dense([1, 2, 3, 4]);

  it("uses the first compatible engine with the model's maxIter/tol and seed 0 by default", async () => {
    const calls: EngineOptions[] = [];
    const registry = createRegistry().register(toyModel(), fakeEngine('fake', calls), fakeEngine('other'));
    const fitted = (await registry.create('toy/m').fit(data)) as unknown as ReturnType<typeof fakeFitted>;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ engine: 'inference/fake', seed: 0, maxIter: 7, tol: 0.5 });
    expect(fitted.result.engine).toBe('inference/fake');
    await registry.create('toy/m').fit(data, { seed: 3, maxIter: 2, tol: 0 });
    expect(calls[1]).toMatchObject({ seed: 3, maxIter: 2, tol: 0 });
  });

  it("passes the registry's estimator plugins to the engine", async () => {
    const calls: EngineOptions[] = [];
    await createRegistry().register(toyModel(), fakeEngine('fake', calls), estimator).create('toy/m').fit(data);
    expect(calls[0].estimators).toEqual([estimator]);
    await createRegistry().register(toyModel(), fakeEngine('fake', calls)).create('toy/m').fit(data);
    expect(calls[1].estimators).toEqual([]);
  });

  it('falls back to the engine defaults when the model has none', async () => {
    const calls: EngineOptions[] = [];
    const model = toyModel();
    const bare = toyModel({ create: (p) => ({ ...model.create(p), maxIter: undefined, tol: undefined }) });
    await createRegistry().register(bare, fakeEngine('fake', calls)).create('toy/m').fit(data);
    expect(calls[0]).toMatchObject({ maxIter: 100, tol: 1e-3 });
  });

  it('explains a missing or unsupported engine and missing terms', async () => {
    await expect(createRegistry().register(toyModel()).create('toy/m').fit(data)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m: none of its inference engines (inference/missing, inference/fake, inference/other) is registered]`,
    );
    const registry = createRegistry().register(toyModel(), fakeEngine(), fakeEngine('vi'));
    await expect(registry.create('toy/m').fit(data, { engine: 'inference/vi' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m cannot be fitted by inference/vi; it supports inference/missing, inference/fake, inference/other]`,
    );
    const model = toyModel();
    const termless = toyModel({ create: (p) => ({ ...model.create(p), terms: {} }) });
    await expect(createRegistry().register(termless, fakeEngine()).create('toy/m').fit(data)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m does not provide the terms inference/fake requires: em]`,
    );
  });

  it('checks the data requirements before fitting', async () => {
    const calls: EngineOptions[] = [];
    const model = createRegistry().register(toyModel(), fakeEngine('fake', calls)).create('toy/m');
    await expect(model.fit(dense([1]))).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: toy/m needs at least 2 rows, but toy.csv has 1]`);
    expect(calls).toHaveLength(0);
  });
});

describe('registry.load', () => {
  const registry = createRegistry().register(toyModel());

  it('dispatches on the saved key', () => {
    expect(registry.load(savedDoc({ k: 5 })).params).toEqual({ k: 5, maxIter: 7, tol: 0.5 });
  });

  it('rejects documents that are not latentkit models or of another format version', () => {
    expect(() => registry.load({ hello: 1 }, 'model.json')).toThrowErrorMatchingInlineSnapshot(
      `[Error: model.json is not a latentkit model file (no "format": "latentkit-model")]`,
    );
    expect(() => registry.load(null)).toThrow(/model file is not a latentkit model file/);
    expect(() => registry.load({ ...savedDoc({ k: 1 }), formatVersion: 3 }, 'm.json')).toThrowErrorMatchingInlineSnapshot(
      `[Error: m.json has model format version 3; this latentkit reads versions 1 to 2: upgrade latentkit]`,
    );
    expect(() => registry.load({ format: 'latentkit-model', formatVersion: 1, key: 'toy/m' }, 'm.json')).toThrowErrorMatchingInlineSnapshot(
      `[Error: m.json is not a complete latentkit model file: "plugin", "params", "data", "fit" missing or malformed]`,
    );
    expect(() => registry.load({ ...savedDoc({ k: 1 }), key: 'toy/y' })).toThrow(/no plugin 'toy\/y' is registered/);
  });
});

describe('contractProblems', () => {
  it('is empty for plugins of every kind that fit the contract', () => {
    for (const p of [toyModel(), fakeEngine(), metric, dataset, estimator]) expect(contractProblems(p)).toEqual([]);
  });

  it('lists every problem it finds', () => {
    expect(contractProblems(undefined)).toEqual(['a plugin must be an object']);
    expect(contractProblems({ kind: 'model' })).toEqual(['meta is missing']);
    expect(contractProblems({ kind: 'widget', meta: { id: 'x', namespace: 'toy', name: 'p', version: '1', apiVersion: 1 } })).toEqual([
      'kind must be one of model, inference, metric, dataset, estimator, got "widget"',
    ]);
    expect(contractProblems({ kind: 'model', meta: { id: '', namespace: 'toy', name: 'p', version: '1' }, supports: [] })).toEqual([
      'meta.id must be a non-empty string',
      'meta.apiVersion must be a number',
      "key 'toy/' must be lowercase kebab-case 'namespace/id'",
      'params must be an object of parameter specs',
      'defaults must be an object',
      'data (requirements) must be an object',
      'supports must list at least one inference engine key',
      'create must be a function',
      'load must be a function',
    ]);
    expect(contractProblems({ ...fakeEngine(), fit: undefined, requires: 'em' })).toEqual(['requires must be an array', 'fit must be a function']);
    expect(contractProblems({ ...metric, compute: 1 })).toEqual(['compute must be a function']);
    expect(contractProblems({ ...dataset, load: undefined })).toEqual(['load must be a function']);
    expect(contractProblems({ ...dataset, params: [int()], defaults: 3 })).toEqual(['params must be an object of option specs', 'defaults must be an object']);
    expect(contractProblems({ ...dataset, params: { n: int() }, defaults: { n: 5, seed: 0 } })).toEqual([
      'defaults name options without a spec in params: seed',
    ]);
    expect(
      contractProblems({
        ...estimator,
        meta: { ...estimator.meta, description: undefined },
        supports: ['gaussian', 'poisson'],
        pathwise: 1,
        minParticles: 0,
        create: undefined,
      }),
    ).toEqual([
      'meta.description must be a string',
      'supports must list at least one latent type of gaussian, bernoulli, categorical',
      'pathwise must be true or false',
      'minParticles must be an integer >= 1',
      'create must be a function',
    ]);
    expect(contractProblems({ ...estimator, supports: [], unbiased: undefined, minParticles: 1.5 })).toEqual([
      'supports must list at least one latent type of gaussian, bernoulli, categorical',
      'unbiased must be true or false',
      'minParticles must be an integer >= 1',
    ]);
  });
});

describe('defaultRegistry', () => {
  it("lives on globalThis under Symbol.for('@latentkit/registry')", () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('@latentkit/registry')]).toBe(defaultRegistry);
  });

  it('is shared by a second copy of the module, as with a duplicate install', async () => {
    vi.resetModules();
    const copy = await import('./registry.js');
    expect(copy.createRegistry).not.toBe(createRegistry);
    expect(copy.defaultRegistry).toBe(defaultRegistry);
  });
});
