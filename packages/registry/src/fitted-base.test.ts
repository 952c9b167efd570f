import { dataHash, defaultThreads, type Dataset, type DenseDataset } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { API_VERSION } from './contract/plugin-meta.js';
import type { FitInfo, LatentMatrix } from './contract/fitted.js';
import type { ModelInstance } from './contract/model-instance.js';
import { defineInference, defineModel } from './define.js';
import { FittedBase } from './fitted-base.js';
import { meta as registryMeta } from './meta.js';
import { int, real } from './params.js';
import { createRegistry } from './registry.js';

/** A model whose state is one number that its engine steps by `step` per iteration (a stand-in with exact arithmetic). */
interface CounterParams {
  start: number;
  scale: number;
}
interface CounterState {
  value: number;
}

// A third-party engine's terms, declared by declaration merging outside the registry's contract files.
interface CountTerms<S> {
  init(): S;
  add(state: S, step: number): S;
}
declare module './contract/model-terms.js' {
  interface ModelTerms<S> {
    readonly count?: CountTerms<S>;
  }
}

class FittedCounter extends FittedBase<CounterParams, CounterState> {
  readonly scoreNames = ['value'] as const;
  readonly latentDim = 1;
  protected stateJSON(): unknown {
    return { value: this.state.value };
  }
  score(): number {
    return this.state.value;
  }
  scores(): Record<string, number> {
    return { value: this.state.value };
  }
  transform(data: Dataset): LatentMatrix {
    return { nRows: data.nRows, nCols: 1, values: new Float64Array(data.nRows).fill(this.state.value), columns: ['value'] };
  }
  sample(n: number): DenseDataset {
    return { kind: 'dense', nRows: n, nCols: 1, values: new Float64Array(n).fill(this.state.value), columns: this.columns };
  }
}

const meta = (namespace: string, id: string) => ({ namespace, id, name: '@test/counter', version: '2.0.0', apiVersion: API_VERSION });

const counter = defineModel<CounterParams, CounterState>({
  meta: meta('toy', 'counter'),
  params: { start: real(), scale: real({ exclusiveMin: 0 }) },
  defaults: { start: 0, scale: Number.NaN },
  data: { kind: 'dense' },
  supports: ['toy/count', 'toy/count-once'],
  // The data-dependent default: scale = N unless given.
  resolveParams: (p, data) => ({ ...p, scale: Number.isNaN(p.scale) ? data.nRows : p.scale }),
  create: (params): ModelInstance<CounterParams, CounterState> => ({
    params,
    maxIter: 3,
    engineDefaults: { 'toy/count': { step: 2 } },
    terms: { count: { init: () => ({ value: params.start }), add: (s, step) => ({ value: s.value + step }) } },
    fitted: (result, _data, info) => new FittedCounter(params, result.state, info),
  }),
  restore: ({ params, state, info, reader }) => new FittedCounter(params, { value: reader.finite((state as CounterState).value, 'state.value') }, info),
});

/** Runs `maxIter` additions of `step`, from `initialState` when given; objective = the value. */
const countEngine = (id: string, continues: boolean) =>
  defineInference<{ step: number; maxIter: number; tol: number }>({
    meta: meta('toy', id),
    requires: ['count'],
    params: { step: int({ min: 1 }) },
    defaults: { step: 1, maxIter: 5, tol: 0 },
    continues,
    resolveParams: (p, data) => (p.step > data.nRows ? { ...p, step: data.nRows } : p),
    async fit(model, _data, options) {
      const terms = model.terms.count!;
      let state: unknown = options.initialState ?? terms.init();
      const trace = [];
      for (let i = 1; i <= options.maxIter; i++) {
        state = terms.add(state as never, options.engineParams!.step);
        trace.push({ iteration: i, objective: (state as unknown as CounterState).value });
      }
      return {
        state: state as never,
        trace,
        iterations: options.maxIter,
        converged: false,
        fixedIterations: true,
        cancelled: false,
        objective: trace.at(-1)!.objective,
        seconds: 0,
        engine: pluginKeyOf(id),
        seed: options.seed,
        bestRestart: 0,
      };
    },
  });
const pluginKeyOf = (id: string) => `toy/${id}`;

const data: DenseDataset = { kind: 'dense', nRows: 4, nCols: 1, values: Float64Array.of(1, 2, 3, 4), columns: ['x'], source: 'four.csv' };
const registry = () => createRegistry({ warn: () => {} }).register(counter, countEngine('count', true), countEngine('count-once', false));

describe('FittedBase and the fit info the registry records (plugin API 2)', () => {
  it('resolves engine parameters: engine defaults < model defaults < FitOptions.maxIter < engineParams', async () => {
    const model = registry().create('toy/counter', { start: 10 });
    const byModel = (await model.fit(data)) as unknown as FittedCounter;
    expect(byModel.info.engineParams).toEqual({ step: 2, maxIter: 3, tol: 0 });
    expect(byModel.state.value).toBe(10 + 3 * 2);
    const byCaller = (await model.fit(data, { maxIter: 4, engineParams: { step: 3 } })) as unknown as FittedCounter;
    expect(byCaller.info.engineParams).toEqual({ step: 3, maxIter: 4, tol: 0 });
    expect(byCaller.trace.map((t) => t.objective)).toEqual([13, 16, 19, 22]);
    const clamped = (await model.fit(data, { engineParams: { step: 9 } })) as unknown as FittedCounter;
    expect(clamped.info.engineParams!.step).toBe(4); // the engine's data-dependent rule: step ≤ N
  });

  it('rejects engine parameters with one line naming the engine and the parameter', async () => {
    const model = registry().create('toy/counter');
    await expect(model.fit(data, { engineParams: { step: 0 } })).rejects.toThrow(/^toy\/count: parameter step=0 is invalid: expected an integer >= 1$/);
    await expect(model.fit(data, { engineParams: { stride: 1 } })).rejects.toThrow(
      /^toy\/count: unknown parameter 'stride'; known parameters: maxIter, tol, step$/,
    );
    expect(registry().validateEngineParams('toy/count', { step: '5', maxIter: '2' }, { coerce: true })).toEqual({ step: 5, maxIter: 2 });
  });

  it('records the threads of a fit in the provenance and rejects a count below 1 in one line', async () => {
    const model = registry().create('toy/counter');
    expect(((await model.fit(data, { threads: 3 })) as unknown as FittedCounter).toJSON().provenance?.threads).toBe(3);
    await expect(model.fit(data, { threads: 0 })).rejects.toThrow(/^threads: expected an integer ≥ 1, got 0$/);
  });

  it('records resolved hyperparameters, the fit and the provenance, and saves them as format 2', async () => {
    const fitted = (await registry().create('toy/counter').fit(data, { seed: 7 })) as unknown as FittedCounter;
    expect(fitted.params).toEqual({ start: 0, scale: 4 });
    expect([fitted.key, fitted.iterations, fitted.converged, fitted.fixedIterations, fitted.columns]).toEqual(['toy/counter', 3, false, true, ['x']]);
    const saved = fitted.toJSON();
    expect(saved).toMatchObject({
      format: 'latentkit-model',
      formatVersion: 2,
      key: 'toy/counter',
      plugin: { name: '@test/counter', version: '2.0.0' },
      params: { start: 0, scale: 4 },
      data: { kind: 'dense', nCols: 1, columns: ['x'], nRows: 4, source: 'four.csv' },
      fit: { engine: 'toy/count', seed: 7, iterations: 3, converged: false, fixedIterations: true, engineParams: { step: 2, maxIter: 3, tol: 0 } },
      state: { value: 6 },
    });
    expect(saved.provenance).toEqual({
      packages: { '@test/counter': '2.0.0', [registryMeta.name]: registryMeta.version },
      backend: expect.any(String),
      dataHash: dataHash(data),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      runtime: process.version,
      threads: defaultThreads(),
    });
  });

  it('loads its own files through restore with the same info, and files of format 1 without provenance', async () => {
    const reg = registry();
    const fitted = (await reg.create('toy/counter').fit(data)) as unknown as FittedCounter;
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    const loaded = reg.load(json) as unknown as FittedCounter;
    expect(loaded.toJSON()).toEqual(fitted.toJSON());
    const v1 = { ...json, formatVersion: 1, fit: { ...json.fit, engineParams: undefined, fixedIterations: undefined }, provenance: undefined };
    const old = reg.load(JSON.parse(JSON.stringify(v1))) as unknown as FittedCounter;
    expect(old.info.provenance).toBeUndefined();
    expect([old.fixedIterations, old.state.value]).toEqual([false, 6]);
    expect(old.toJSON().formatVersion).toBe(2);
    expect(() => reg.load({ ...json, params: { start: 'a' } }, 'c.json')).toThrow(/^toy\/counter model file: parameter start='a' is invalid/);
    expect(() => reg.load({ ...json, state: { value: 'x' } }, 'c.json')).toThrow(/state\.value/);
  });

  it('continues a fit from its state through an engine that declares continues, leaving the original untouched', async () => {
    const reg = registry();
    const fitted = (await reg.create('toy/counter', { start: 1 }).fit(data)) as unknown as FittedCounter;
    const more = (await reg.continueFit(fitted, data, { maxIter: 2 })) as unknown as FittedCounter;
    expect(more.state.value).toBe(1 + 3 * 2 + 2 * 2);
    expect(more.info.engineParams).toEqual({ step: 2, maxIter: 2, tol: 0 });
    expect(fitted.state.value).toBe(7);
    const once = (await reg.create('toy/counter').fit(data, { engine: 'toy/count-once' })) as unknown as FittedCounter;
    await expect(reg.continueFit(once, data)).rejects.toThrow(
      /^toy\/count-once cannot continue a fit from a fitted state; fit again with toy\/counter instead$/,
    );
  });
});

void ({} as FitInfo);
